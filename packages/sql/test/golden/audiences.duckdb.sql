-- segform accounts for plan sha256:be0f9e5530baae1a867997f66383b3381373318fab849643a7ab5dc4611e176e (duckdb), as of 2026-11-01; ordered by key
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
    CAST("source"."customer" AS VARCHAR) AS "r_customer",
    CASE lower(CAST("source"."customer" AS VARCHAR))
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
    END AS "q_customer",
    CAST("source"."employees" AS VARCHAR) AS "r_employees",
    CASE WHEN regexp_full_match(CAST("source"."employees" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."employees" AS VARCHAR) AS BIGINT) END AS "q_employees",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."id" AS VARCHAR) WHEN strlen(CAST("source"."id" AS VARCHAR)) = length(CAST("source"."id" AS VARCHAR)) THEN trim(CAST("source"."id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_id",
    CAST("source"."intent" AS VARCHAR) AS "r_intent",
    CASE WHEN regexp_full_match(CAST("source"."intent" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."intent" AS VARCHAR) AS DOUBLE) END AS "q_intent",
    CAST("source"."renewal" AS VARCHAR) AS "r_renewal",
    CASE WHEN regexp_full_match(CAST("source"."renewal" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."renewal" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."renewal" AS VARCHAR) AS DATE) END AS "q_renewal"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_customer" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_customer", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_customer" WHEN strlen("r_customer") = length("r_customer") THEN trim("r_customer", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_customer", "whitespace") END, '') END AS "t_customer",
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_intent" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_intent", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_intent" WHEN strlen("r_intent") = length("r_intent") THEN trim("r_intent", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_intent", "whitespace") END, '') END AS "t_intent",
    CASE WHEN "q_renewal" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_renewal", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_renewal" WHEN strlen("r_renewal") = length("r_renewal") THEN trim("r_renewal", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_renewal", "whitespace") END, '') END AS "t_renewal"
  FROM "input_text"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE
      WHEN regexp_full_match("t_employees", '[0-9]{1,15}') THEN "t_employees"
      WHEN regexp_full_match("t_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE
      WHEN regexp_full_match("t_intent", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_intent" AS DOUBLE)
      WHEN regexp_full_match("t_intent", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_intent", ',', '') AS DOUBLE)
    END AS "number_intent",
    CASE WHEN regexp_full_match("t_renewal", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_renewal", 1, 10) END AS "date_renewal"
  FROM "trimmed_text"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    CASE WHEN "q_customer" IS NOT NULL THEN "q_customer" ELSE CASE lower("t_customer")
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
    END END AS "v_customer",
    CASE WHEN "q_employees" IS NOT NULL THEN "q_employees" ELSE CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) END AS "v_employees",
    "t_id" AS "v_id",
    CASE WHEN "q_intent" IS NOT NULL THEN "q_intent" ELSE CASE WHEN isfinite("number_intent") THEN "number_intent" END END AS "v_intent",
    CASE WHEN "q_renewal" IS NOT NULL THEN "q_renewal" ELSE CASE WHEN NOT starts_with("date_renewal", '0000') THEN TRY_CAST("date_renewal" AS DATE) END END AS "v_renewal"
  FROM "text_parts"
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
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (COALESCE("f_employees" >= 100, FALSE) AND (NOT COALESCE("f_customer" = TRUE, FALSE))) AS "_icp",
    CASE
      WHEN "f_intent" IS NULL OR "f_intent" <= 0 THEN CAST(0 AS DOUBLE)
      WHEN "f_intent" >= 100 THEN CAST(100 AS DOUBLE)
      ELSE CAST("f_intent" AS DOUBLE)
    END AS "s_heat"
  FROM "coerced"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND COALESCE("s_heat" >= 50, FALSE)) AS "_match_hot"
  FROM "scores"
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_match_hot" THEN 'hot'
    END AS "_tier"
  FROM "tier_matches"
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
),
"audience_matches" AS (
  -- each audience's condition, over every account (audiences overlap)
  SELECT
    *,
    COALESCE("f_renewal" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) AS "_audience_renewal_soon",
    COALESCE("s_heat" >= 50, FALSE) AS "_audience_in_market",
    COALESCE("f_employees" >= 1000, FALSE) AS "_audience_big"
  FROM "segments"
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
)
SELECT
  "f_id" AS "id",
  "_icp" AS "icp",
  CASE WHEN "s_heat" * 10000 - floor("s_heat" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_heat" * 10000) + 1 ELSE floor("s_heat" * 10000) END / 10000 AS "heat",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations",
  "_audiences" AS "audiences"
FROM "activations"
ORDER BY "f_id" NULLS LAST;
