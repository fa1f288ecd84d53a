-- segform accounts for plan sha256:ab0d86f883ff1e7efbc5e837de575d5d5ffdbef144397ac66aba01fd43035d5c (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."Id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account_id",
    NULLIF(btrim((CAST("source"."Opportunity_Amount__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_amount",
    NULLIF(btrim((CAST("source"."Demo_Requested__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_demo_requested",
    NULLIF(btrim((CAST("source"."NumberOfEmployees" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(btrim((CAST("source"."Industry" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_industry",
    NULLIF(btrim((CAST("source"."Intent_Score__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_intent_score",
    NULLIF(btrim((CAST("source"."Last_Pricing_Visit__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_visit",
    NULLIF(btrim((CAST("source"."Name" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_name",
    NULLIF(btrim((CAST("source"."Region" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_region",
    NULLIF(btrim((CAST("source"."Opportunity_Stage__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_stage",
    NULLIF(btrim((CAST("source"."Technologies" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_tech",
    NULLIF(btrim((CAST("source"."Data_Warehouse__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_warehouse"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN ("t_amount" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_amount", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_amount",
    length(regexp_replace("t_amount", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_amount",
    ltrim(regexp_replace("t_amount", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_amount",
    ("t_amount" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_amount",
    CASE
      WHEN ("t_employees" ~ '^([0-9]{1,15})$') THEN "t_employees"
      WHEN ("t_employees" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE WHEN ("t_intent_score" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_intent_score", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_intent_score",
    length(regexp_replace("t_intent_score", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_intent_score",
    ltrim(regexp_replace("t_intent_score", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_intent_score",
    ("t_intent_score" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_intent_score",
    CASE WHEN ("t_last_visit" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_visit", 1, 10) END AS "date_last_visit",
    CASE WHEN NOT (starts_with("t_tech", ';') OR (right("t_tech", 1) = ';') OR (strpos("t_tech", ';;') > 0) OR ("t_tech" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("t_tech", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("t_tech", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_tech"
  FROM "input_text"
  OFFSET 0
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    rtrim(ltrim("mantissa_amount", '0'), '0') AS "significant_amount",
    CASE WHEN "mantissa_amount" IS NOT NULL THEN "integer_digits_amount" - (length("mantissa_amount") - length(ltrim("mantissa_amount", '0'))) + CASE WHEN "exponent_negative_amount" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_amount") <= 6 THEN '0' || "exponent_digits_amount" END AS INTEGER), 9999999) END AS "magnitude_amount",
    rtrim(ltrim("mantissa_intent_score", '0'), '0') AS "significant_intent_score",
    CASE WHEN "mantissa_intent_score" IS NOT NULL THEN "integer_digits_intent_score" - (length("mantissa_intent_score") - length(ltrim("mantissa_intent_score", '0'))) + CASE WHEN "exponent_negative_intent_score" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_intent_score") <= 6 THEN '0' || "exponent_digits_intent_score" END AS INTEGER), 9999999) END AS "magnitude_intent_score",
    CAST(substr("date_last_visit", 1, 4) AS INTEGER) AS "year_last_visit",
    CAST(substr("date_last_visit", 6, 2) AS INTEGER) AS "month_last_visit",
    CAST(substr("date_last_visit", 9, 2) AS INTEGER) AS "day_last_visit"
  FROM "text_parts"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    CASE
      WHEN "mantissa_amount" IS NULL THEN NULL
      WHEN "significant_amount" = '' OR "magnitude_amount" < (-323) OR ("magnitude_amount" = (-323) AND (("significant_amount" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_amount" > 309 OR ("magnitude_amount" = 309 AND (("significant_amount" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_amount", ',', '') AS DOUBLE PRECISION)
    END AS "v_amount",
    CASE lower("t_demo_requested")
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
    END AS "v_demo_requested",
    CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND (("digits_employees" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    "t_industry" AS "v_industry",
    CASE
      WHEN "mantissa_intent_score" IS NULL THEN NULL
      WHEN "significant_intent_score" = '' OR "magnitude_intent_score" < (-323) OR ("magnitude_intent_score" = (-323) AND (("significant_intent_score" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_intent_score" > 309 OR ("magnitude_intent_score" = 309 AND (("significant_intent_score" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_intent_score", ',', '') AS DOUBLE PRECISION)
    END AS "v_intent_score",
    make_date(CASE WHEN "year_last_visit" >= 1 AND "month_last_visit" BETWEEN 1 AND 12 AND "day_last_visit" BETWEEN 1 AND CASE WHEN "month_last_visit" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_visit" = 2 THEN CASE WHEN ((("year_last_visit" % 4) = 0 AND ("year_last_visit" % 100) <> 0) OR ("year_last_visit" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_visit" END, "month_last_visit", "day_last_visit") AS "v_last_visit",
    "t_name" AS "v_name",
    "t_region" AS "v_region",
    "t_stage" AS "v_stage",
    CASE WHEN cardinality("items_tech") > 0 THEN "items_tech" END AS "v_tech",
    "t_warehouse" AS "v_warehouse"
  FROM "value_parts"
  OFFSET 0
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account_id" AS "f_account_id",
    "v_amount" AS "f_amount",
    COALESCE("v_demo_requested", FALSE) AS "f_demo_requested",
    "v_employees" AS "f_employees",
    "v_industry" AS "f_industry",
    COALESCE("v_intent_score", 0) AS "f_intent_score",
    "v_last_visit" AS "f_last_visit",
    "v_name" AS "f_name",
    CASE WHEN "v_region" IN ('NA', 'EMEA', 'APAC', 'LATAM') THEN "v_region" END AS "f_region",
    COALESCE(CASE WHEN "v_stage" IN ('closed_won', 'closed_lost', 'open', 'none') THEN "v_stage" END, 'none') AS "f_stage",
    "v_tech" AS "f_tech",
    "v_warehouse" AS "f_warehouse"
  FROM "typed"
  OFFSET 0
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (
      (
        COALESCE("f_employees" BETWEEN 200 AND 2000, FALSE)
        AND COALESCE("f_region" IN ('EMEA', 'NA'), FALSE)
      )
      AND (NOT (
        COALESCE("f_industry" = 'government', FALSE)
        OR COALESCE(("f_name" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Tt][Ee][Ss\\u017f][Tt]|[Dd][Ee][Mm][Oo])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_employees" BETWEEN 200 AND 2000, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("f_industry" IN ('fintech', 'saas', 'software'), FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(("f_tech" && CAST(ARRAY['dbt', 'segment', 'snowflake'] AS TEXT[])), FALSE) THEN 20 ELSE 0 END
      + CASE WHEN ("f_warehouse" IS NOT NULL) THEN 10 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_intent_score" >= 60, FALSE) THEN 50 ELSE 0 END
      + CASE WHEN COALESCE("f_last_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_demo_requested" = TRUE, FALSE) THEN 20 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "coerced"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 70, FALSE) AND COALESCE("s_intent" >= 60, FALSE))) AS "_match_tier1",
    ("_icp" AND (COALESCE("s_fit" >= 60, FALSE) AND COALESCE("s_intent" >= 30, FALSE))) AS "_match_tier2",
    ("_icp" AND COALESCE("s_fit" >= 40, FALSE)) AS "_match_tier3"
  FROM "scores"
  OFFSET 0
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 25 of the accounts that reach it
  SELECT
    *,
    ("_match_tier1" AND row_number() OVER (
      PARTITION BY "_match_tier1"
      ORDER BY "s_fit" DESC NULLS LAST, "s_intent" DESC NULLS LAST, ("f_account_id" COLLATE "C") ASC NULLS LAST
    ) <= 25) AS "_keep_tier1"
  FROM "tier_matches"
  OFFSET 0
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_keep_tier1" THEN 'tier1'
      WHEN "_match_tier2" THEN 'tier2'
      WHEN "_match_tier3" THEN 'tier3'
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
      WHEN COALESCE("f_warehouse" IN ('bigquery', 'databricks', 'snowflake'), FALSE) THEN 'warehouse-native'
      WHEN COALESCE("f_industry" = 'fintech', FALSE) THEN 'fintech'
      WHEN (
          COALESCE("f_demo_requested" = TRUE, FALSE)
          OR COALESCE("f_last_visit" BETWEEN DATE '2026-10-18' AND DATE '2026-11-01', FALSE)
        ) THEN 'hot-evaluators'
      WHEN COALESCE("f_industry" IN ('fintech', 'saas', 'software'), FALSE) THEN 'software-core'
      ELSE 'other'
    END AS "_segment"
  FROM "tiers"
  OFFSET 0
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('warehouse-native', 'fintech', 'hot-evaluators', 'software-core', 'other'), FALSE) THEN 'crm-segment' END,
      CASE WHEN "_icp" AND COALESCE("_tier" IN ('tier1', 'tier2', 'tier3'), FALSE) THEN 'crm-tier' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('warehouse-native'), FALSE) THEN 'li-warehouse' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('warehouse-native', 'fintech', 'hot-evaluators', 'software-core', 'other'), FALSE) THEN 'membership-file' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('hot-evaluators'), FALSE)
        AND COALESCE("s_fit" >= 60, FALSE) THEN 'sdr-fast-track' END
    ) AS "_activations"
  FROM "segments"
  OFFSET 0
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY ("f_account_id" COLLATE "C") NULLS LAST;

-- contacts
-- segform contacts for plan sha256:ab0d86f883ff1e7efbc5e837de575d5d5ffdbef144397ac66aba01fd43035d5c (postgres), as of 2026-11-01; ordered by key
WITH
"constants" AS (
  -- JavaScript's String.prototype.trim whitespace
  SELECT
    E'\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS "whitespace"
  OFFSET 0
),
"input_text" AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    "constants"."whitespace" AS "whitespace",
    NULLIF(btrim((CAST("source"."AccountId" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account_id",
    NULLIF(btrim((CAST("source"."ContactId" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_contact_id",
    NULLIF(btrim((CAST("source"."Department" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_department",
    NULLIF(btrim((CAST("source"."Seniority" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_seniority",
    NULLIF(btrim((CAST("source"."Title" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_title"
  FROM "contacts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    "t_contact_id" AS "v_contact_id",
    "t_department" AS "v_department",
    "t_seniority" AS "v_seniority",
    "t_title" AS "v_title"
  FROM "input_text"
  OFFSET 0
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account_id" AS "f_account_id",
    "v_contact_id" AS "f_contact_id",
    "v_department" AS "f_department",
    CASE WHEN "v_seniority" IN ('c_level', 'vp', 'director', 'manager', 'individual') THEN "v_seniority" END AS "f_seniority",
    "v_title" AS "f_title"
  FROM "typed"
  OFFSET 0
),
"roles" AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN (
          COALESCE("f_seniority" = 'c_level', FALSE)
          OR COALESCE(("f_title" ~ E'^(?:[Vv][Pp]|[Hh][Ee][Aa][Dd]) [Oo][Ff] (?:[Rr][Ee][Vv][Ee][Nn][Uu][Ee]|[Ss\\u017f][Aa][Ll][Ee][Ss\\u017f]|[Ff][Ii][Nn][Aa][Nn][Cc][Ee])'), FALSE)
        ) THEN 'economic-buyer'
      WHEN (
          COALESCE("f_department" IN ('data', 'marketing', 'revenue_operations'), FALSE)
          AND COALESCE("f_seniority" IN ('director', 'vp'), FALSE)
        ) THEN 'champion'
      WHEN COALESCE("f_seniority" = 'manager', FALSE) THEN 'influencer'
      WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
    END AS "_role"
  FROM "coerced"
  OFFSET 0
)
SELECT
  "f_contact_id" AS "contact_id",
  "f_account_id" AS "account_id",
  "_role" AS "role"
FROM "roles"
ORDER BY ("f_contact_id" COLLATE "C") NULLS LAST;
