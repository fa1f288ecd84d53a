-- segform accounts for plan sha256:be0f9e5530baae1a867997f66383b3381373318fab849643a7ab5dc4611e176e (postgres), as of 2026-11-01; ordered by key
WITH
"constants" AS (
  -- JavaScript's String.prototype.trim whitespace; the digits of the largest and smallest doubles' rounding bounds
  SELECT
    E'\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS "whitespace",
    '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792' AS "overflow_digits",
    '24703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125' AS "underflow_digits"
  OFFSET 0
),
"input_text" AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    "constants"."whitespace" AS "whitespace",
    "constants"."overflow_digits" AS "overflow_digits",
    "constants"."underflow_digits" AS "underflow_digits",
    NULLIF(btrim((CAST("source"."customer" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_customer",
    NULLIF(btrim((CAST("source"."employees" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(btrim((CAST("source"."id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_id",
    NULLIF(btrim((CAST("source"."intent" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_intent",
    NULLIF(btrim((CAST("source"."renewal" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_renewal"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE
      WHEN ("t_employees" ~ '^([0-9]{1,15})$') THEN "t_employees"
      WHEN ("t_employees" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE WHEN ("t_intent" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_intent", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_intent",
    length(regexp_replace("t_intent", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_intent",
    ltrim(regexp_replace("t_intent", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_intent",
    ("t_intent" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_intent",
    CASE WHEN ("t_renewal" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_renewal", 1, 10) END AS "date_renewal"
  FROM "input_text"
  OFFSET 0
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    rtrim(ltrim("mantissa_intent", '0'), '0') AS "significant_intent",
    CASE WHEN "mantissa_intent" IS NOT NULL THEN "integer_digits_intent" - (length("mantissa_intent") - length(ltrim("mantissa_intent", '0'))) + CASE WHEN "exponent_negative_intent" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_intent") <= 6 THEN '0' || "exponent_digits_intent" END AS INTEGER), 9999999) END AS "magnitude_intent",
    CAST(substr("date_renewal", 1, 4) AS INTEGER) AS "year_renewal",
    CAST(substr("date_renewal", 6, 2) AS INTEGER) AS "month_renewal",
    CAST(substr("date_renewal", 9, 2) AS INTEGER) AS "day_renewal"
  FROM "text_parts"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    CASE lower("t_customer")
      WHEN 'true' THEN TRUE
      WHEN 't' THEN TRUE
      WHEN 'yes' THEN TRUE
      WHEN 'y' THEN TRUE
      WHEN '1' THEN TRUE
      WHEN 'false' THEN FALSE
      WHEN 'f' THEN FALSE
      WHEN 'no' THEN FALSE
      WHEN 'n' THEN FALSE
      WHEN '0' THEN FALSE
    END AS "v_customer",
    CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND (("digits_employees" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    "t_id" AS "v_id",
    CASE
      WHEN "mantissa_intent" IS NULL THEN NULL
      WHEN "significant_intent" = '' OR "magnitude_intent" < (-323) OR ("magnitude_intent" = (-323) AND (("significant_intent" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_intent" > 309 OR ("magnitude_intent" = 309 AND (("significant_intent" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_intent", ',', '') AS DOUBLE PRECISION)
    END AS "v_intent",
    make_date(CASE WHEN "year_renewal" >= 1 AND "month_renewal" BETWEEN 1 AND 12 AND "day_renewal" BETWEEN 1 AND CASE WHEN "month_renewal" IN (4, 6, 9, 11) THEN 30 WHEN "month_renewal" = 2 THEN CASE WHEN ((("year_renewal" % 4) = 0 AND ("year_renewal" % 100) <> 0) OR ("year_renewal" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_renewal" END, "month_renewal", "day_renewal") AS "v_renewal"
  FROM "value_parts"
  OFFSET 0
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    COALESCE("v_customer", FALSE) AS "f_customer",
    "v_employees" AS "f_employees",
    "v_id" AS "f_id",
    "v_intent" AS "f_intent",
    "v_renewal" AS "f_renewal"
  FROM "typed"
  OFFSET 0
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (COALESCE("f_employees" >= 100, FALSE) AND (NOT COALESCE("f_customer" = TRUE, FALSE))) AS "_icp",
    CASE
      WHEN "f_intent" IS NULL OR "f_intent" <= 0 THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "f_intent" >= 100 THEN CAST(100 AS DOUBLE PRECISION)
      ELSE CAST("f_intent" AS DOUBLE PRECISION)
    END AS "s_heat"
  FROM "coerced"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND COALESCE("s_heat" >= 50, FALSE)) AS "_match_hot"
  FROM "scores"
  OFFSET 0
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_match_hot" THEN 'hot'
    END AS "_tier"
  FROM "tier_matches"
  OFFSET 0
),
"segments" AS (
  -- the first matching segment, else the fallback (every account)
  SELECT
    *,
    CASE
      WHEN COALESCE("f_customer" = TRUE, FALSE) THEN 'expansion'
      WHEN COALESCE("f_employees" >= 1000, FALSE) THEN 'enterprise'
      WHEN COALESCE("f_employees" BETWEEN 100 AND 999, FALSE) THEN 'midmarket'
      WHEN COALESCE("f_employees" < 100, FALSE) THEN 'small'
      ELSE 'rest'
    END AS "_segment"
  FROM "tiers"
  OFFSET 0
),
"audience_matches" AS (
  -- each audience's condition, over every account (audiences overlap)
  SELECT
    *,
    COALESCE("f_renewal" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) AS "_audience_renewal_soon",
    COALESCE("s_heat" >= 50, FALSE) AS "_audience_in_market",
    COALESCE("f_employees" >= 1000, FALSE) AS "_audience_big"
  FROM "segments"
  OFFSET 0
),
"audiences" AS (
  -- the audiences each account is in, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN "_audience_renewal_soon" THEN 'renewal-soon' END,
      CASE WHEN "_audience_in_market" THEN 'in-market' END,
      CASE WHEN "_audience_big" THEN 'big' END
    ) AS "_audiences"
  FROM "audience_matches"
  OFFSET 0
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN COALESCE("_audience_renewal_soon", FALSE) THEN 'ads' END,
      CASE WHEN COALESCE("_segment" IN ('expansion', 'enterprise', 'midmarket', 'small', 'rest'), FALSE) THEN 'crm' END
    ) AS "_activations"
  FROM "audiences"
  OFFSET 0
)
SELECT
  "f_id" AS "id",
  "_icp" AS "icp",
  CASE WHEN "s_heat" * 10000 - floor("s_heat" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_heat" * 10000) + 1 ELSE floor("s_heat" * 10000) END / 10000 AS "heat",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations",
  "_audiences" AS "audiences"
FROM "activations"
ORDER BY ("f_id" COLLATE "C") NULLS LAST;
