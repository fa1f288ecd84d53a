-- segform accounts for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."billed" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."billed" AS VARCHAR) WHEN strlen(CAST("source"."billed" AS VARCHAR)) = length(CAST("source"."billed" AS VARCHAR)) THEN trim(CAST("source"."billed" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."billed" AS VARCHAR), "constants"."whitespace") END, '') AS "t_billed",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."industry" AS VARCHAR) WHEN strlen(CAST("source"."industry" AS VARCHAR)) = length(CAST("source"."industry" AS VARCHAR)) THEN trim(CAST("source"."industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."last_touch" AS VARCHAR) AS "r_last_touch",
    CASE WHEN regexp_full_match(CAST("source"."last_touch" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."last_touch" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."last_touch" AS VARCHAR) AS DATE) END AS "q_last_touch",
    CAST("source"."renewal_date" AS VARCHAR) AS "r_renewal_date",
    CASE WHEN regexp_full_match(CAST("source"."renewal_date" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."renewal_date" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."renewal_date" AS VARCHAR) AS DATE) END AS "q_renewal_date",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."signed" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."signed" AS VARCHAR) WHEN strlen(CAST("source"."signed" AS VARCHAR)) = length(CAST("source"."signed" AS VARCHAR)) THEN trim(CAST("source"."signed" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."signed" AS VARCHAR), "constants"."whitespace") END, '') AS "t_signed",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."signed_eu" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."signed_eu" AS VARCHAR) WHEN strlen(CAST("source"."signed_eu" AS VARCHAR)) = length(CAST("source"."signed_eu" AS VARCHAR)) THEN trim(CAST("source"."signed_eu" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."signed_eu" AS VARCHAR), "constants"."whitespace") END, '') AS "t_signed_eu",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."synced" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."synced" AS VARCHAR) WHEN strlen(CAST("source"."synced" AS VARCHAR)) = length(CAST("source"."synced" AS VARCHAR)) THEN trim(CAST("source"."synced" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."synced" AS VARCHAR), "constants"."whitespace") END, '') AS "t_synced",
    NULLIF(CAST("source"."tech" AS VARCHAR), '') AS "t_tech"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_last_touch" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_touch", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_touch" WHEN strlen("r_last_touch") = length("r_last_touch") THEN trim("r_last_touch", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_touch", "whitespace") END, '') END AS "t_last_touch",
    CASE WHEN "q_renewal_date" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_renewal_date", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_renewal_date" WHEN strlen("r_renewal_date") = length("r_renewal_date") THEN trim("r_renewal_date", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_renewal_date", "whitespace") END, '') END AS "t_renewal_date"
  FROM "input_text"
),
"normalized" AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    CASE WHEN CASE WHEN strlen("t_industry") = length("t_industry") THEN lower("t_industry") ELSE translate("t_industry", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END IN ('n/a', 'unknown') THEN NULL ELSE CASE WHEN strlen("t_industry") = length("t_industry") THEN lower("t_industry") ELSE translate("t_industry", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END END AS "n_industry",
    CASE WHEN strlen("t_tech") = length("t_tech") THEN lower("t_tech") ELSE translate("t_tech", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END AS "n_tech"
  FROM "trimmed_text"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN regexp_full_match("t_billed", '[0-9]{8}') THEN substr("t_billed", 1, 4) || '-' || substr("t_billed", 5, 2) || '-' || substr("t_billed", 7, 2) END AS "date_billed",
    CASE WHEN regexp_full_match("t_last_touch", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_touch", 1, 10) END AS "date_last_touch",
    CASE WHEN regexp_full_match("t_renewal_date", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_renewal_date", 1, 10) END AS "date_renewal_date",
    CASE WHEN regexp_full_match("t_signed", '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN split_part("t_signed", '/', 3) || '-' || lpad(split_part("t_signed", '/', 1), 2, '0') || '-' || lpad(split_part("t_signed", '/', 2), 2, '0') END AS "date_signed",
    CASE WHEN regexp_full_match("t_signed_eu", '[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}') THEN split_part("t_signed_eu", '.', 3) || '-' || lpad(split_part("t_signed_eu", '.', 2), 2, '0') || '-' || lpad(split_part("t_signed_eu", '.', 1), 2, '0') END AS "date_signed_eu",
    CASE WHEN regexp_full_match("t_synced", '-?[0-9]{1,15}') THEN floor(TRY_CAST("t_synced" AS DOUBLE) / CAST(86400000 AS DOUBLE)) END AS "epoch_day_synced",
    list_filter(regexp_split_to_array("n_tech", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_tech"
  FROM "normalized"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    CASE WHEN NOT starts_with("date_billed", '0000') THEN TRY_CAST("date_billed" AS DATE) END AS "v_billed",
    "n_industry" AS "v_industry",
    CASE WHEN "q_last_touch" IS NOT NULL THEN "q_last_touch" ELSE CASE WHEN NOT starts_with("date_last_touch", '0000') THEN TRY_CAST("date_last_touch" AS DATE) END END AS "v_last_touch",
    CASE WHEN "q_renewal_date" IS NOT NULL THEN "q_renewal_date" ELSE CASE WHEN NOT starts_with("date_renewal_date", '0000') THEN TRY_CAST("date_renewal_date" AS DATE) END END AS "v_renewal_date",
    CASE WHEN NOT starts_with("date_signed", '0000') THEN TRY_CAST("date_signed" AS DATE) END AS "v_signed",
    CASE WHEN NOT starts_with("date_signed_eu", '0000') THEN TRY_CAST("date_signed_eu" AS DATE) END AS "v_signed_eu",
    CASE WHEN "epoch_day_synced" BETWEEN (-719162) AND 2932896 THEN CAST(DATE '1970-01-01' + CAST("epoch_day_synced" AS INTEGER) AS DATE) END AS "v_synced",
    CASE WHEN len("items_tech") > 0 THEN "items_tech" END AS "v_tech"
  FROM "text_parts"
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account_id" AS "f_account_id",
    "v_billed" AS "f_billed",
    "v_industry" AS "f_industry",
    "v_last_touch" AS "f_last_touch",
    "v_renewal_date" AS "f_renewal_date",
    "v_signed" AS "f_signed",
    "v_signed_eu" AS "f_signed_eu",
    "v_synced" AS "f_synced",
    "v_tech" AS "f_tech"
  FROM "typed"
),
"contact_aggregates" AS (
  -- each account's numbers over its contacts (grouped by account key), 0 without contacts
  SELECT
    "coerced".*,
    COALESCE("contact_numbers"."_number_1", 0) AS "_contacts_count",
    COALESCE("contact_numbers"."_number_2", 0) AS "_contacts_distinct_roles",
    COALESCE("contact_numbers"."_number_3", 0) AS "_contacts_count_2"
  FROM "coerced"
  LEFT JOIN (
    -- segform contact numbers per account for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (duckdb), as of 2026-11-01; ordered by key
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
        NULLIF(CASE WHEN regexp_full_match(CAST("source"."account" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."account" AS VARCHAR) WHEN strlen(CAST("source"."account" AS VARCHAR)) = length(CAST("source"."account" AS VARCHAR)) THEN trim(CAST("source"."account" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."account" AS VARCHAR), "constants"."whitespace") END, '') AS "t_account",
        NULLIF(CASE WHEN regexp_full_match(CAST("source"."contact_id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."contact_id" AS VARCHAR) WHEN strlen(CAST("source"."contact_id" AS VARCHAR)) = length(CAST("source"."contact_id" AS VARCHAR)) THEN trim(CAST("source"."contact_id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."contact_id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_contact_id",
        CAST("source"."last_activity" AS VARCHAR) AS "r_last_activity",
        CASE WHEN regexp_full_match(CAST("source"."last_activity" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."last_activity" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."last_activity" AS VARCHAR) AS DATE) END AS "q_last_activity",
        NULLIF(CASE WHEN regexp_full_match(CAST("source"."seniority" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."seniority" AS VARCHAR) WHEN strlen(CAST("source"."seniority" AS VARCHAR)) = length(CAST("source"."seniority" AS VARCHAR)) THEN trim(CAST("source"."seniority" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."seniority" AS VARCHAR), "constants"."whitespace") END, '') AS "t_seniority",
        NULLIF(CASE WHEN regexp_full_match(CAST("source"."title" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."title" AS VARCHAR) WHEN strlen(CAST("source"."title" AS VARCHAR)) = length(CAST("source"."title" AS VARCHAR)) THEN trim(CAST("source"."title" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."title" AS VARCHAR), "constants"."whitespace") END, '') AS "t_title"
      FROM "contacts" AS "source"
      CROSS JOIN "constants"
    ),
    "trimmed_text" AS (
      -- the trimmed text of the values not in their type's plain form; empty text is missing
      SELECT
        *,
        CASE WHEN "q_last_activity" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_activity", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_activity" WHEN strlen("r_last_activity") = length("r_last_activity") THEN trim("r_last_activity", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_activity", "whitespace") END, '') END AS "t_last_activity"
      FROM "input_text"
    ),
    "normalized" AS (
      -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
      SELECT
        *,
        CASE WHEN strlen("t_title") = length("t_title") THEN lower("t_title") ELSE translate("t_title", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END AS "n_title"
      FROM "trimmed_text"
    ),
    "text_parts" AS (
      -- the text of each value checked against its type's pattern, and taken apart
      SELECT
        *,
        CASE WHEN regexp_full_match("t_last_activity", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_activity", 1, 10) END AS "date_last_activity"
      FROM "normalized"
    ),
    "typed" AS (
      -- typed values; text that is not a value of the field's type is missing
      SELECT
        *,
        "t_account" AS "v_account",
        "t_contact_id" AS "v_contact_id",
        CASE WHEN "q_last_activity" IS NOT NULL THEN "q_last_activity" ELSE CASE WHEN NOT starts_with("date_last_activity", '0000') THEN TRY_CAST("date_last_activity" AS DATE) END END AS "v_last_activity",
        "t_seniority" AS "v_seniority",
        "n_title" AS "v_title"
      FROM "text_parts"
    ),
    "coerced" AS (
      -- values outside the field's enum are missing; missing values take the field's default
      SELECT
        "v_account" AS "f_account",
        "v_contact_id" AS "f_contact_id",
        "v_last_activity" AS "f_last_activity",
        CASE WHEN "v_seniority" IN ('c_level', 'vp', 'director', 'manager', 'individual') THEN "v_seniority" END AS "f_seniority",
        "v_title" AS "f_title"
      FROM "typed"
    ),
    "roles" AS (
      -- the first matching buying-committee role
      SELECT
        *,
        CASE
          WHEN COALESCE(regexp_full_match("f_title", '(?s:.*?)(\bciso\b|chief information security officer)(?s:.*)'), FALSE) THEN 'ciso'
          WHEN COALESCE("f_seniority" IN ('director', 'vp'), FALSE) THEN 'champion'
          WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
        END AS "_role"
      FROM "coerced"
    ),
    "contact_matches" AS (
      -- which contacts each account condition over contacts counts
      SELECT
        *,
        COALESCE("_role" = 'ciso', FALSE) AS "_where_1",
        TRUE AS "_where_2",
        (
          COALESCE("f_seniority" = 'c_level', FALSE)
          AND COALESCE("f_last_activity" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE)
        ) AS "_where_3"
      FROM "roles"
    )
    SELECT
      "f_account" AS "_contact_account",
      count(CASE WHEN "_where_1" THEN 1 END) AS "_number_1",
      count(DISTINCT CASE WHEN "_where_2" THEN "_role" END) AS "_number_2",
      count(CASE WHEN "_where_3" THEN 1 END) AS "_number_3"
    FROM "contact_matches"
    WHERE "f_account" IS NOT NULL
    GROUP BY "f_account"
  ) AS "contact_numbers" ON "contact_numbers"."_contact_account" = "f_account_id"
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    COALESCE("f_industry" IN ('fintech', 'saas'), FALSE) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("_contacts_count" >= 1, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("_contacts_distinct_roles" >= 3, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(CASE WHEN "f_tech" IS NULL THEN NULL ELSE len("f_tech") END >= 5, FALSE) THEN 10 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("_contacts_count_2" >= 1, FALSE) THEN 50 ELSE 0 END
      + CASE WHEN COALESCE("f_renewal_date" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(date_diff('day', "f_last_touch", DATE '2026-11-01') >= 90, FALSE) THEN (-20) ELSE 0 END
      + CASE WHEN COALESCE(date_diff('day', DATE '2026-11-01', "f_renewal_date") BETWEEN 0 AND 30, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_signed" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_signed_eu" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
        ) THEN 10 ELSE 0 END
      + CASE WHEN COALESCE("f_billed" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 5 ELSE 0 END
      + CASE WHEN COALESCE(date_diff('day', "f_synced", DATE '2026-11-01') <= 1, FALSE) THEN 5 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "contact_aggregates"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND COALESCE("s_fit" >= 70, FALSE)) AS "_match_t1"
  FROM "scores"
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_match_t1" THEN 't1'
    END AS "_tier"
  FROM "tier_matches"
),
"segments" AS (
  -- the first matching segment, else the fallback; none outside the ICP
  SELECT
    *,
    CASE
      WHEN NOT "_icp" THEN NULL
      ELSE 'other'
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
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY "f_account_id" NULLS LAST;

-- contacts
-- segform contacts for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."account" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."account" AS VARCHAR) WHEN strlen(CAST("source"."account" AS VARCHAR)) = length(CAST("source"."account" AS VARCHAR)) THEN trim(CAST("source"."account" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."account" AS VARCHAR), "constants"."whitespace") END, '') AS "t_account",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."contact_id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."contact_id" AS VARCHAR) WHEN strlen(CAST("source"."contact_id" AS VARCHAR)) = length(CAST("source"."contact_id" AS VARCHAR)) THEN trim(CAST("source"."contact_id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."contact_id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_contact_id",
    CAST("source"."last_activity" AS VARCHAR) AS "r_last_activity",
    CASE WHEN regexp_full_match(CAST("source"."last_activity" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."last_activity" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."last_activity" AS VARCHAR) AS DATE) END AS "q_last_activity",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."seniority" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."seniority" AS VARCHAR) WHEN strlen(CAST("source"."seniority" AS VARCHAR)) = length(CAST("source"."seniority" AS VARCHAR)) THEN trim(CAST("source"."seniority" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."seniority" AS VARCHAR), "constants"."whitespace") END, '') AS "t_seniority",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."title" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."title" AS VARCHAR) WHEN strlen(CAST("source"."title" AS VARCHAR)) = length(CAST("source"."title" AS VARCHAR)) THEN trim(CAST("source"."title" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."title" AS VARCHAR), "constants"."whitespace") END, '') AS "t_title"
  FROM "contacts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_last_activity" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_activity", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_activity" WHEN strlen("r_last_activity") = length("r_last_activity") THEN trim("r_last_activity", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_activity", "whitespace") END, '') END AS "t_last_activity"
  FROM "input_text"
),
"normalized" AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    CASE WHEN strlen("t_title") = length("t_title") THEN lower("t_title") ELSE translate("t_title", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END AS "n_title"
  FROM "trimmed_text"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN regexp_full_match("t_last_activity", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_activity", 1, 10) END AS "date_last_activity"
  FROM "normalized"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account" AS "v_account",
    "t_contact_id" AS "v_contact_id",
    CASE WHEN "q_last_activity" IS NOT NULL THEN "q_last_activity" ELSE CASE WHEN NOT starts_with("date_last_activity", '0000') THEN TRY_CAST("date_last_activity" AS DATE) END END AS "v_last_activity",
    "t_seniority" AS "v_seniority",
    "n_title" AS "v_title"
  FROM "text_parts"
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account" AS "f_account",
    "v_contact_id" AS "f_contact_id",
    "v_last_activity" AS "f_last_activity",
    CASE WHEN "v_seniority" IN ('c_level', 'vp', 'director', 'manager', 'individual') THEN "v_seniority" END AS "f_seniority",
    "v_title" AS "f_title"
  FROM "typed"
),
"roles" AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN COALESCE(regexp_full_match("f_title", '(?s:.*?)(\bciso\b|chief information security officer)(?s:.*)'), FALSE) THEN 'ciso'
      WHEN COALESCE("f_seniority" IN ('director', 'vp'), FALSE) THEN 'champion'
      WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
    END AS "_role"
  FROM "coerced"
)
SELECT
  "f_contact_id" AS "contact_id",
  "f_account" AS "account",
  "_role" AS "role"
FROM "roles"
ORDER BY "f_contact_id" NULLS LAST;
