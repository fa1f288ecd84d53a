-- segform accounts for plan sha256:ab0d86f883ff1e7efbc5e837de575d5d5ffdbef144397ac66aba01fd43035d5c (duckdb), as of 2026-11-01; ordered by key
WITH
"constants" AS (
  -- JavaScript's String.prototype.trim whitespace
  SELECT
    (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)) AS "whitespace"
),
"input_text" AS (
  -- every declared column as text, trimmed (empty text is missing), or as it is with the value of its plain form
  SELECT
    "constants"."whitespace" AS "whitespace",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Id" AS VARCHAR) WHEN strlen(CAST("source"."Id" AS VARCHAR)) = length(CAST("source"."Id" AS VARCHAR)) THEN trim(CAST("source"."Id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_account_id",
    CAST("source"."Opportunity_Amount__c" AS VARCHAR) AS "r_amount",
    CASE WHEN regexp_full_match(CAST("source"."Opportunity_Amount__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Opportunity_Amount__c" AS VARCHAR) AS DOUBLE) END AS "q_amount",
    CAST("source"."Demo_Requested__c" AS VARCHAR) AS "r_demo_requested",
    CASE lower(CAST("source"."Demo_Requested__c" AS VARCHAR))
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
    END AS "q_demo_requested",
    CAST("source"."NumberOfEmployees" AS VARCHAR) AS "r_employees",
    CASE WHEN regexp_full_match(CAST("source"."NumberOfEmployees" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."NumberOfEmployees" AS VARCHAR) AS BIGINT) END AS "q_employees",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Industry" AS VARCHAR) WHEN strlen(CAST("source"."Industry" AS VARCHAR)) = length(CAST("source"."Industry" AS VARCHAR)) THEN trim(CAST("source"."Industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."Intent_Score__c" AS VARCHAR) AS "r_intent_score",
    CASE WHEN regexp_full_match(CAST("source"."Intent_Score__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Intent_Score__c" AS VARCHAR) AS DOUBLE) END AS "q_intent_score",
    CAST("source"."Last_Pricing_Visit__c" AS VARCHAR) AS "r_last_visit",
    CASE WHEN regexp_full_match(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR) AS DATE) END AS "q_last_visit",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Name" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Name" AS VARCHAR) WHEN strlen(CAST("source"."Name" AS VARCHAR)) = length(CAST("source"."Name" AS VARCHAR)) THEN trim(CAST("source"."Name" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Name" AS VARCHAR), "constants"."whitespace") END, '') AS "t_name",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Region" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Region" AS VARCHAR) WHEN strlen(CAST("source"."Region" AS VARCHAR)) = length(CAST("source"."Region" AS VARCHAR)) THEN trim(CAST("source"."Region" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Region" AS VARCHAR), "constants"."whitespace") END, '') AS "t_region",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Opportunity_Stage__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Opportunity_Stage__c" AS VARCHAR) WHEN strlen(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) = length(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) THEN trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_stage",
    CAST("source"."Technologies" AS VARCHAR) AS "r_tech",
    CASE WHEN regexp_full_match(CAST("source"."Technologies" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Technologies" AS VARCHAR), ';') END AS "q_tech",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Data_Warehouse__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Data_Warehouse__c" AS VARCHAR) WHEN strlen(CAST("source"."Data_Warehouse__c" AS VARCHAR)) = length(CAST("source"."Data_Warehouse__c" AS VARCHAR)) THEN trim(CAST("source"."Data_Warehouse__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Data_Warehouse__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_warehouse"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_amount" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_amount", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_amount" WHEN strlen("r_amount") = length("r_amount") THEN trim("r_amount", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_amount", "whitespace") END, '') END AS "t_amount",
    CASE WHEN "q_demo_requested" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_demo_requested", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_demo_requested" WHEN strlen("r_demo_requested") = length("r_demo_requested") THEN trim("r_demo_requested", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_demo_requested", "whitespace") END, '') END AS "t_demo_requested",
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_intent_score" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_intent_score", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_intent_score" WHEN strlen("r_intent_score") = length("r_intent_score") THEN trim("r_intent_score", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_intent_score", "whitespace") END, '') END AS "t_intent_score",
    CASE WHEN "q_last_visit" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_visit", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_visit" WHEN strlen("r_last_visit") = length("r_last_visit") THEN trim("r_last_visit", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_visit", "whitespace") END, '') END AS "t_last_visit",
    CASE WHEN "q_tech" IS NULL THEN NULLIF("r_tech", '') END AS "t_tech"
  FROM "input_text"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE
      WHEN regexp_full_match("t_amount", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_amount" AS DOUBLE)
      WHEN regexp_full_match("t_amount", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_amount", ',', '') AS DOUBLE)
    END AS "number_amount",
    CASE
      WHEN regexp_full_match("t_employees", '[0-9]{1,15}') THEN "t_employees"
      WHEN regexp_full_match("t_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE
      WHEN regexp_full_match("t_intent_score", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_intent_score" AS DOUBLE)
      WHEN regexp_full_match("t_intent_score", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_intent_score", ',', '') AS DOUBLE)
    END AS "number_intent_score",
    CASE WHEN regexp_full_match("t_last_visit", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_visit", 1, 10) END AS "date_last_visit",
    list_filter(regexp_split_to_array("t_tech", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_tech"
  FROM "trimmed_text"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    CASE WHEN "q_amount" IS NOT NULL THEN "q_amount" ELSE CASE WHEN isfinite("number_amount") THEN "number_amount" END END AS "v_amount",
    CASE WHEN "q_demo_requested" IS NOT NULL THEN "q_demo_requested" ELSE CASE lower("t_demo_requested")
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
    END END AS "v_demo_requested",
    CASE WHEN "q_employees" IS NOT NULL THEN "q_employees" ELSE CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) END AS "v_employees",
    "t_industry" AS "v_industry",
    CASE WHEN "q_intent_score" IS NOT NULL THEN "q_intent_score" ELSE CASE WHEN isfinite("number_intent_score") THEN "number_intent_score" END END AS "v_intent_score",
    CASE WHEN "q_last_visit" IS NOT NULL THEN "q_last_visit" ELSE CASE WHEN NOT starts_with("date_last_visit", '0000') THEN TRY_CAST("date_last_visit" AS DATE) END END AS "v_last_visit",
    "t_name" AS "v_name",
    "t_region" AS "v_region",
    "t_stage" AS "v_stage",
    CASE WHEN "q_tech" IS NOT NULL THEN "q_tech" ELSE CASE WHEN len("items_tech") > 0 THEN "items_tech" END END AS "v_tech",
    "t_warehouse" AS "v_warehouse"
  FROM "text_parts"
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
        OR COALESCE(regexp_full_match("f_name", '(?s:.*?)((?i)\b(test|demo)\b)(?s:.*)'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_employees" BETWEEN 200 AND 2000, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("f_industry" IN ('fintech', 'saas', 'software'), FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(list_has_any("f_tech", ['dbt', 'segment', 'snowflake']), FALSE) THEN 20 ELSE 0 END
      + CASE WHEN ("f_warehouse" IS NOT NULL) THEN 10 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_intent_score" >= 60, FALSE) THEN 50 ELSE 0 END
      + CASE WHEN COALESCE("f_last_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_demo_requested" = TRUE, FALSE) THEN 20 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "coerced"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 70, FALSE) AND COALESCE("s_intent" >= 60, FALSE))) AS "_match_tier1",
    ("_icp" AND (COALESCE("s_fit" >= 60, FALSE) AND COALESCE("s_intent" >= 30, FALSE))) AS "_match_tier2",
    ("_icp" AND COALESCE("s_fit" >= 40, FALSE)) AS "_match_tier3"
  FROM "scores"
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 25 of the accounts that reach it
  SELECT
    *,
    ("_match_tier1" AND row_number() OVER (
      PARTITION BY "_match_tier1"
      ORDER BY "s_fit" DESC NULLS LAST, "s_intent" DESC NULLS LAST, "f_account_id" ASC NULLS LAST
    ) <= 25) AS "_keep_tier1"
  FROM "tier_matches"
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
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY "f_account_id" NULLS LAST;

-- contacts
-- segform contacts for plan sha256:ab0d86f883ff1e7efbc5e837de575d5d5ffdbef144397ac66aba01fd43035d5c (duckdb), as of 2026-11-01; ordered by key
WITH
"constants" AS (
  -- JavaScript's String.prototype.trim whitespace
  SELECT
    (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)) AS "whitespace"
),
"input_text" AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    "constants"."whitespace" AS "whitespace",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."AccountId" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."AccountId" AS VARCHAR) WHEN strlen(CAST("source"."AccountId" AS VARCHAR)) = length(CAST("source"."AccountId" AS VARCHAR)) THEN trim(CAST("source"."AccountId" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."AccountId" AS VARCHAR), "constants"."whitespace") END, '') AS "t_account_id",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."ContactId" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."ContactId" AS VARCHAR) WHEN strlen(CAST("source"."ContactId" AS VARCHAR)) = length(CAST("source"."ContactId" AS VARCHAR)) THEN trim(CAST("source"."ContactId" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."ContactId" AS VARCHAR), "constants"."whitespace") END, '') AS "t_contact_id",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Department" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Department" AS VARCHAR) WHEN strlen(CAST("source"."Department" AS VARCHAR)) = length(CAST("source"."Department" AS VARCHAR)) THEN trim(CAST("source"."Department" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Department" AS VARCHAR), "constants"."whitespace") END, '') AS "t_department",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Seniority" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Seniority" AS VARCHAR) WHEN strlen(CAST("source"."Seniority" AS VARCHAR)) = length(CAST("source"."Seniority" AS VARCHAR)) THEN trim(CAST("source"."Seniority" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Seniority" AS VARCHAR), "constants"."whitespace") END, '') AS "t_seniority",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Title" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Title" AS VARCHAR) WHEN strlen(CAST("source"."Title" AS VARCHAR)) = length(CAST("source"."Title" AS VARCHAR)) THEN trim(CAST("source"."Title" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Title" AS VARCHAR), "constants"."whitespace") END, '') AS "t_title"
  FROM "contacts" AS "source"
  CROSS JOIN "constants"
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
),
"roles" AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN (
          COALESCE("f_seniority" = 'c_level', FALSE)
          OR COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)^(vp|head) of (revenue|sales|finance))(?s:.*)'), FALSE)
        ) THEN 'economic-buyer'
      WHEN (
          COALESCE("f_department" IN ('data', 'marketing', 'revenue_operations'), FALSE)
          AND COALESCE("f_seniority" IN ('director', 'vp'), FALSE)
        ) THEN 'champion'
      WHEN COALESCE("f_seniority" = 'manager', FALSE) THEN 'influencer'
      WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
    END AS "_role"
  FROM "coerced"
)
SELECT
  "f_contact_id" AS "contact_id",
  "f_account_id" AS "account_id",
  "_role" AS "role"
FROM "roles"
ORDER BY "f_contact_id" NULLS LAST;
