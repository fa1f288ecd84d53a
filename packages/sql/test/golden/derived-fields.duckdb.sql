-- segform accounts for plan sha256:910e2977000aea7bf2c9ed5c8f65074d69c87df522a8a115155e8000b8df44f2 (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."account_id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."account_id" AS VARCHAR) WHEN strlen(CAST("source"."account_id" AS VARCHAR)) = length(CAST("source"."account_id" AS VARCHAR)) THEN trim(CAST("source"."account_id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."account_id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_account_id",
    CAST("source"."contract_start" AS VARCHAR) AS "r_contract_start",
    CASE WHEN regexp_full_match(CAST("source"."contract_start" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."contract_start" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."contract_start" AS VARCHAR) AS DATE) END AS "q_contract_start",
    CAST("source"."employees" AS VARCHAR) AS "r_employees",
    CASE WHEN regexp_full_match(CAST("source"."employees" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."employees" AS VARCHAR) AS BIGINT) END AS "q_employees",
    CAST("source"."last_touch" AS VARCHAR) AS "r_last_touch",
    CASE WHEN regexp_full_match(CAST("source"."last_touch" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."last_touch" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."last_touch" AS VARCHAR) AS DATE) END AS "q_last_touch",
    CAST("source"."renewal_date" AS VARCHAR) AS "r_renewal_date",
    CASE WHEN regexp_full_match(CAST("source"."renewal_date" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."renewal_date" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."renewal_date" AS VARCHAR) AS DATE) END AS "q_renewal_date",
    CAST("source"."revenue" AS VARCHAR) AS "r_revenue",
    CASE WHEN regexp_full_match(CAST("source"."revenue" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."revenue" AS VARCHAR) AS DOUBLE) END AS "q_revenue"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_contract_start" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_contract_start", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_contract_start" WHEN strlen("r_contract_start") = length("r_contract_start") THEN trim("r_contract_start", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_contract_start", "whitespace") END, '') END AS "t_contract_start",
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_last_touch" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_touch", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_touch" WHEN strlen("r_last_touch") = length("r_last_touch") THEN trim("r_last_touch", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_touch", "whitespace") END, '') END AS "t_last_touch",
    CASE WHEN "q_renewal_date" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_renewal_date", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_renewal_date" WHEN strlen("r_renewal_date") = length("r_renewal_date") THEN trim("r_renewal_date", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_renewal_date", "whitespace") END, '') END AS "t_renewal_date",
    CASE WHEN "q_revenue" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_revenue", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_revenue" WHEN strlen("r_revenue") = length("r_revenue") THEN trim("r_revenue", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_revenue", "whitespace") END, '') END AS "t_revenue"
  FROM "input_text"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN regexp_full_match("t_contract_start", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_contract_start", 1, 10) END AS "date_contract_start",
    CASE
      WHEN regexp_full_match("t_employees", '[0-9]{1,15}') THEN "t_employees"
      WHEN regexp_full_match("t_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE WHEN regexp_full_match("t_last_touch", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_touch", 1, 10) END AS "date_last_touch",
    CASE WHEN regexp_full_match("t_renewal_date", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_renewal_date", 1, 10) END AS "date_renewal_date",
    CASE
      WHEN regexp_full_match("t_revenue", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_revenue" AS DOUBLE)
      WHEN regexp_full_match("t_revenue", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_revenue", ',', '') AS DOUBLE)
    END AS "number_revenue"
  FROM "trimmed_text"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    CASE WHEN "q_contract_start" IS NOT NULL THEN "q_contract_start" ELSE CASE WHEN NOT starts_with("date_contract_start", '0000') THEN TRY_CAST("date_contract_start" AS DATE) END END AS "v_contract_start",
    CASE WHEN "q_employees" IS NOT NULL THEN "q_employees" ELSE CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) END AS "v_employees",
    CASE WHEN "q_last_touch" IS NOT NULL THEN "q_last_touch" ELSE CASE WHEN NOT starts_with("date_last_touch", '0000') THEN TRY_CAST("date_last_touch" AS DATE) END END AS "v_last_touch",
    CASE WHEN "q_renewal_date" IS NOT NULL THEN "q_renewal_date" ELSE CASE WHEN NOT starts_with("date_renewal_date", '0000') THEN TRY_CAST("date_renewal_date" AS DATE) END END AS "v_renewal_date",
    CASE WHEN "q_revenue" IS NOT NULL THEN "q_revenue" ELSE CASE WHEN isfinite("number_revenue") THEN "number_revenue" END END AS "v_revenue"
  FROM "text_parts"
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
),
"computed" AS (
  -- derived fields (compute): doubles, NULL when an operand is missing (but in coalesce) or a divisor is 0
  SELECT
    *,
    CASE WHEN isfinite(CAST(date_diff('day', "f_contract_start", "f_renewal_date") AS DOUBLE)) THEN CAST(date_diff('day', "f_contract_start", "f_renewal_date") AS DOUBLE) END AS "f_contract_days",
    CASE WHEN isfinite(((-(abs((CASE WHEN "f_revenue" IS NULL OR (CAST("f_employees" AS DOUBLE) * CAST('2.5' AS DOUBLE)) IS NULL THEN NULL ELSE LEAST("f_revenue", CAST(1000000 AS DOUBLE), (CAST("f_employees" AS DOUBLE) * CAST('2.5' AS DOUBLE))) END - CASE WHEN CAST("f_employees" AS DOUBLE) IS NULL THEN NULL ELSE GREATEST(CAST("f_employees" AS DOUBLE), CAST(10 AS DOUBLE)) END)))) + (COALESCE("f_revenue", CAST(0 AS DOUBLE)) / NULLIF((CAST("f_employees" AS DOUBLE) - CAST(1 AS DOUBLE)), 0)))) THEN ((-(abs((CASE WHEN "f_revenue" IS NULL OR (CAST("f_employees" AS DOUBLE) * CAST('2.5' AS DOUBLE)) IS NULL THEN NULL ELSE LEAST("f_revenue", CAST(1000000 AS DOUBLE), (CAST("f_employees" AS DOUBLE) * CAST('2.5' AS DOUBLE))) END - CASE WHEN CAST("f_employees" AS DOUBLE) IS NULL THEN NULL ELSE GREATEST(CAST("f_employees" AS DOUBLE), CAST(10 AS DOUBLE)) END)))) + (COALESCE("f_revenue", CAST(0 AS DOUBLE)) / NULLIF((CAST("f_employees" AS DOUBLE) - CAST(1 AS DOUBLE)), 0))) END AS "f_mixed",
    CASE WHEN "f_renewal_date" IS NULL OR COALESCE("f_last_touch", "f_renewal_date") IS NULL THEN NULL ELSE LEAST("f_renewal_date", COALESCE("f_last_touch", "f_renewal_date")) END AS "f_next_touchpoint",
    CASE WHEN isfinite(("f_revenue" / NULLIF(CAST("f_employees" AS DOUBLE), 0))) THEN ("f_revenue" / NULLIF(CAST("f_employees" AS DOUBLE), 0)) END AS "f_revenue_per_employee"
  FROM "coerced"
),
"computed_2" AS (
  -- derived fields (compute): doubles, NULL when an operand is missing (but in coalesce) or a divisor is 0
  SELECT
    *,
    CASE WHEN isfinite((floor(("f_revenue_per_employee" / NULLIF(CAST(1000 AS DOUBLE), 0)) * CAST(10 AS DOUBLE) + CAST(CAST('0.5' AS DOUBLE) AS DOUBLE)) / CAST(10 AS DOUBLE))) THEN (floor(("f_revenue_per_employee" / NULLIF(CAST(1000 AS DOUBLE), 0)) * CAST(10 AS DOUBLE) + CAST(CAST('0.5' AS DOUBLE) AS DOUBLE)) / CAST(10 AS DOUBLE)) END AS "f_revenue_band"
  FROM "computed"
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    COALESCE("f_revenue_per_employee" >= 50000, FALSE) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_revenue_band" >= 100, FALSE) THEN 60 ELSE 0 END
      + CASE WHEN COALESCE("f_contract_days" >= 365, FALSE) THEN 40 ELSE 0 END,
      0), 100) AS "s_fit"
  FROM "computed_2"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND COALESCE("s_fit" >= 60, FALSE)) AS "_match_t1",
    ("_icp" AND COALESCE("f_mixed" < 0, FALSE)) AS "_match_t2"
  FROM "scores"
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 10 of the accounts that reach it
  SELECT
    *,
    ("_match_t1" AND row_number() OVER (
      PARTITION BY "_match_t1"
      ORDER BY "f_revenue_per_employee" DESC NULLS LAST, "f_account_id" ASC NULLS LAST
    ) <= 10) AS "_keep_t1"
  FROM "tier_matches"
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
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    '' AS "_activations"
  FROM "segments"
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY "f_account_id" NULLS LAST;
