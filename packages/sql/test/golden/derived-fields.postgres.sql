-- segform accounts for plan sha256:910e2977000aea7bf2c9ed5c8f65074d69c87df522a8a115155e8000b8df44f2 (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."account_id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account_id",
    NULLIF(btrim((CAST("source"."contract_start" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_contract_start",
    NULLIF(btrim((CAST("source"."employees" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(btrim((CAST("source"."last_touch" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_touch",
    NULLIF(btrim((CAST("source"."renewal_date" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_renewal_date",
    NULLIF(btrim((CAST("source"."revenue" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_revenue"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN ("t_contract_start" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_contract_start", 1, 10) END AS "date_contract_start",
    CASE
      WHEN ("t_employees" ~ '^([0-9]{1,15})$') THEN "t_employees"
      WHEN ("t_employees" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE WHEN ("t_last_touch" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_touch", 1, 10) END AS "date_last_touch",
    CASE WHEN ("t_renewal_date" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_renewal_date", 1, 10) END AS "date_renewal_date",
    CASE WHEN ("t_revenue" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_revenue", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_revenue",
    length(regexp_replace("t_revenue", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_revenue",
    ltrim(regexp_replace("t_revenue", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_revenue",
    ("t_revenue" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_revenue"
  FROM "input_text"
  OFFSET 0
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    CAST(substr("date_contract_start", 1, 4) AS INTEGER) AS "year_contract_start",
    CAST(substr("date_contract_start", 6, 2) AS INTEGER) AS "month_contract_start",
    CAST(substr("date_contract_start", 9, 2) AS INTEGER) AS "day_contract_start",
    CAST(substr("date_last_touch", 1, 4) AS INTEGER) AS "year_last_touch",
    CAST(substr("date_last_touch", 6, 2) AS INTEGER) AS "month_last_touch",
    CAST(substr("date_last_touch", 9, 2) AS INTEGER) AS "day_last_touch",
    CAST(substr("date_renewal_date", 1, 4) AS INTEGER) AS "year_renewal_date",
    CAST(substr("date_renewal_date", 6, 2) AS INTEGER) AS "month_renewal_date",
    CAST(substr("date_renewal_date", 9, 2) AS INTEGER) AS "day_renewal_date",
    rtrim(ltrim("mantissa_revenue", '0'), '0') AS "significant_revenue",
    CASE WHEN "mantissa_revenue" IS NOT NULL THEN "integer_digits_revenue" - (length("mantissa_revenue") - length(ltrim("mantissa_revenue", '0'))) + CASE WHEN "exponent_negative_revenue" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_revenue") <= 6 THEN '0' || "exponent_digits_revenue" END AS INTEGER), 9999999) END AS "magnitude_revenue"
  FROM "text_parts"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    make_date(CASE WHEN "year_contract_start" >= 1 AND "month_contract_start" BETWEEN 1 AND 12 AND "day_contract_start" BETWEEN 1 AND CASE WHEN "month_contract_start" IN (4, 6, 9, 11) THEN 30 WHEN "month_contract_start" = 2 THEN CASE WHEN ((("year_contract_start" % 4) = 0 AND ("year_contract_start" % 100) <> 0) OR ("year_contract_start" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_contract_start" END, "month_contract_start", "day_contract_start") AS "v_contract_start",
    CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND (("digits_employees" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    make_date(CASE WHEN "year_last_touch" >= 1 AND "month_last_touch" BETWEEN 1 AND 12 AND "day_last_touch" BETWEEN 1 AND CASE WHEN "month_last_touch" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_touch" = 2 THEN CASE WHEN ((("year_last_touch" % 4) = 0 AND ("year_last_touch" % 100) <> 0) OR ("year_last_touch" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_touch" END, "month_last_touch", "day_last_touch") AS "v_last_touch",
    make_date(CASE WHEN "year_renewal_date" >= 1 AND "month_renewal_date" BETWEEN 1 AND 12 AND "day_renewal_date" BETWEEN 1 AND CASE WHEN "month_renewal_date" IN (4, 6, 9, 11) THEN 30 WHEN "month_renewal_date" = 2 THEN CASE WHEN ((("year_renewal_date" % 4) = 0 AND ("year_renewal_date" % 100) <> 0) OR ("year_renewal_date" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_renewal_date" END, "month_renewal_date", "day_renewal_date") AS "v_renewal_date",
    CASE
      WHEN "mantissa_revenue" IS NULL THEN NULL
      WHEN "significant_revenue" = '' OR "magnitude_revenue" < (-323) OR ("magnitude_revenue" = (-323) AND (("significant_revenue" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_revenue" > 309 OR ("magnitude_revenue" = 309 AND (("significant_revenue" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_revenue", ',', '') AS DOUBLE PRECISION)
    END AS "v_revenue"
  FROM "value_parts"
  OFFSET 0
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account_id" AS "f_account_id",
    "v_contract_start" AS "f_contract_start",
    "v_employees" AS "f_employees",
    "v_last_touch" AS "f_last_touch",
    "v_renewal_date" AS "f_renewal_date",
    "v_revenue" AS "f_revenue"
  FROM "typed"
  OFFSET 0
),
"computed" AS (
  -- derived fields (compute): doubles, NULL when an operand is missing (but in coalesce) or a divisor is 0
  SELECT
    *,
    CAST(("f_renewal_date" - "f_contract_start") AS DOUBLE PRECISION) AS "f_contract_days",
    ((-(abs((CASE WHEN "f_revenue" IS NULL OR (CAST("f_employees" AS DOUBLE PRECISION) * CAST('2.5' AS DOUBLE PRECISION)) IS NULL THEN NULL ELSE LEAST("f_revenue", CAST(1000000 AS DOUBLE PRECISION), (CAST("f_employees" AS DOUBLE PRECISION) * CAST('2.5' AS DOUBLE PRECISION))) END - CASE WHEN CAST("f_employees" AS DOUBLE PRECISION) IS NULL THEN NULL ELSE GREATEST(CAST("f_employees" AS DOUBLE PRECISION), CAST(10 AS DOUBLE PRECISION)) END)))) + (COALESCE("f_revenue", CAST(0 AS DOUBLE PRECISION)) / NULLIF((CAST("f_employees" AS DOUBLE PRECISION) - CAST(1 AS DOUBLE PRECISION)), 0))) AS "f_mixed",
    CASE WHEN "f_renewal_date" IS NULL OR COALESCE("f_last_touch", "f_renewal_date") IS NULL THEN NULL ELSE LEAST("f_renewal_date", COALESCE("f_last_touch", "f_renewal_date")) END AS "f_next_touchpoint",
    ("f_revenue" / NULLIF(CAST("f_employees" AS DOUBLE PRECISION), 0)) AS "f_revenue_per_employee"
  FROM "coerced"
  OFFSET 0
),
"computed_2" AS (
  -- derived fields (compute): doubles, NULL when an operand is missing (but in coalesce) or a divisor is 0
  SELECT
    *,
    (floor(("f_revenue_per_employee" / NULLIF(CAST(1000 AS DOUBLE PRECISION), 0)) * CAST(10 AS DOUBLE PRECISION) + CAST(CAST('0.5' AS DOUBLE PRECISION) AS DOUBLE PRECISION)) / CAST(10 AS DOUBLE PRECISION)) AS "f_revenue_band"
  FROM "computed"
  OFFSET 0
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    COALESCE("f_revenue_per_employee" >= 50000, FALSE) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_revenue_band" >= 100, FALSE) THEN 60 ELSE 0 END
      + CASE WHEN COALESCE("f_contract_days" >= 365, FALSE) THEN 40 ELSE 0 END,
      0), 100) AS "s_fit"
  FROM "computed_2"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND COALESCE("s_fit" >= 60, FALSE)) AS "_match_t1",
    ("_icp" AND COALESCE("f_mixed" < 0, FALSE)) AS "_match_t2"
  FROM "scores"
  OFFSET 0
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 10 of the accounts that reach it
  SELECT
    *,
    ("_match_t1" AND row_number() OVER (
      PARTITION BY "_match_t1"
      ORDER BY "f_revenue_per_employee" DESC NULLS LAST, ("f_account_id" COLLATE "C") ASC NULLS LAST
    ) <= 10) AS "_keep_t1"
  FROM "tier_matches"
  OFFSET 0
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_keep_t1" THEN 't1'
      WHEN "_match_t2" THEN 't2'
    END AS "_tier"
  FROM "tier_1_capacity"
  OFFSET 0
),
"segments" AS (
  -- the first matching segment, else the fallback; none outside the ICP
  SELECT
    *,
    CASE
      WHEN NOT "_icp" THEN NULL
      WHEN COALESCE("f_next_touchpoint" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) THEN 'renewing'
      ELSE 'rest'
    END AS "_segment"
  FROM "tiers"
  OFFSET 0
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    '' AS "_activations"
  FROM "segments"
  OFFSET 0
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY ("f_account_id" COLLATE "C") NULLS LAST;
