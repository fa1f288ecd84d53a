-- segform accounts for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."account_id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account_id",
    NULLIF(btrim((CAST("source"."billed" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_billed",
    NULLIF(btrim((CAST("source"."industry" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_industry",
    NULLIF(btrim((CAST("source"."last_touch" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_touch",
    NULLIF(btrim((CAST("source"."renewal_date" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_renewal_date",
    NULLIF(btrim((CAST("source"."signed" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_signed",
    NULLIF(btrim((CAST("source"."signed_eu" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_signed_eu",
    NULLIF(btrim((CAST("source"."synced" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_synced",
    NULLIF(btrim((CAST("source"."tech" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_tech"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"normalized" AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    CASE WHEN translate("t_industry", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('n/a', 'unknown') THEN NULL ELSE translate("t_industry", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END AS "n_industry",
    translate("t_tech", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS "n_tech"
  FROM "input_text"
  OFFSET 0
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN ("t_billed" ~ '^([0-9]{8})$') THEN substr("t_billed", 1, 4) || '-' || substr("t_billed", 5, 2) || '-' || substr("t_billed", 7, 2) END AS "date_billed",
    CASE WHEN ("t_last_touch" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_touch", 1, 10) END AS "date_last_touch",
    CASE WHEN ("t_renewal_date" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_renewal_date", 1, 10) END AS "date_renewal_date",
    CASE WHEN ("t_signed" ~ '^([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$') THEN split_part("t_signed", '/', 3) || '-' || lpad(split_part("t_signed", '/', 1), 2, '0') || '-' || lpad(split_part("t_signed", '/', 2), 2, '0') END AS "date_signed",
    CASE WHEN ("t_signed_eu" ~ '^([0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4})$') THEN split_part("t_signed_eu", '.', 3) || '-' || lpad(split_part("t_signed_eu", '.', 2), 2, '0') || '-' || lpad(split_part("t_signed_eu", '.', 1), 2, '0') END AS "date_signed_eu",
    CASE WHEN ("t_synced" ~ '^(-?[0-9]{1,15})$') THEN floor(CAST("t_synced" AS DOUBLE PRECISION) / CAST(86400000 AS DOUBLE PRECISION)) END AS "epoch_day_synced",
    CASE WHEN NOT (starts_with("n_tech", ';') OR (right("n_tech", 1) = ';') OR (strpos("n_tech", ';;') > 0) OR ("n_tech" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("n_tech", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("n_tech", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_tech"
  FROM "normalized"
  OFFSET 0
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    CAST(substr("date_billed", 1, 4) AS INTEGER) AS "year_billed",
    CAST(substr("date_billed", 6, 2) AS INTEGER) AS "month_billed",
    CAST(substr("date_billed", 9, 2) AS INTEGER) AS "day_billed",
    CAST(substr("date_last_touch", 1, 4) AS INTEGER) AS "year_last_touch",
    CAST(substr("date_last_touch", 6, 2) AS INTEGER) AS "month_last_touch",
    CAST(substr("date_last_touch", 9, 2) AS INTEGER) AS "day_last_touch",
    CAST(substr("date_renewal_date", 1, 4) AS INTEGER) AS "year_renewal_date",
    CAST(substr("date_renewal_date", 6, 2) AS INTEGER) AS "month_renewal_date",
    CAST(substr("date_renewal_date", 9, 2) AS INTEGER) AS "day_renewal_date",
    CAST(substr("date_signed", 1, 4) AS INTEGER) AS "year_signed",
    CAST(substr("date_signed", 6, 2) AS INTEGER) AS "month_signed",
    CAST(substr("date_signed", 9, 2) AS INTEGER) AS "day_signed",
    CAST(substr("date_signed_eu", 1, 4) AS INTEGER) AS "year_signed_eu",
    CAST(substr("date_signed_eu", 6, 2) AS INTEGER) AS "month_signed_eu",
    CAST(substr("date_signed_eu", 9, 2) AS INTEGER) AS "day_signed_eu"
  FROM "text_parts"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    make_date(CASE WHEN "year_billed" >= 1 AND "month_billed" BETWEEN 1 AND 12 AND "day_billed" BETWEEN 1 AND CASE WHEN "month_billed" IN (4, 6, 9, 11) THEN 30 WHEN "month_billed" = 2 THEN CASE WHEN ((("year_billed" % 4) = 0 AND ("year_billed" % 100) <> 0) OR ("year_billed" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_billed" END, "month_billed", "day_billed") AS "v_billed",
    "n_industry" AS "v_industry",
    make_date(CASE WHEN "year_last_touch" >= 1 AND "month_last_touch" BETWEEN 1 AND 12 AND "day_last_touch" BETWEEN 1 AND CASE WHEN "month_last_touch" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_touch" = 2 THEN CASE WHEN ((("year_last_touch" % 4) = 0 AND ("year_last_touch" % 100) <> 0) OR ("year_last_touch" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_touch" END, "month_last_touch", "day_last_touch") AS "v_last_touch",
    make_date(CASE WHEN "year_renewal_date" >= 1 AND "month_renewal_date" BETWEEN 1 AND 12 AND "day_renewal_date" BETWEEN 1 AND CASE WHEN "month_renewal_date" IN (4, 6, 9, 11) THEN 30 WHEN "month_renewal_date" = 2 THEN CASE WHEN ((("year_renewal_date" % 4) = 0 AND ("year_renewal_date" % 100) <> 0) OR ("year_renewal_date" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_renewal_date" END, "month_renewal_date", "day_renewal_date") AS "v_renewal_date",
    make_date(CASE WHEN "year_signed" >= 1 AND "month_signed" BETWEEN 1 AND 12 AND "day_signed" BETWEEN 1 AND CASE WHEN "month_signed" IN (4, 6, 9, 11) THEN 30 WHEN "month_signed" = 2 THEN CASE WHEN ((("year_signed" % 4) = 0 AND ("year_signed" % 100) <> 0) OR ("year_signed" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_signed" END, "month_signed", "day_signed") AS "v_signed",
    make_date(CASE WHEN "year_signed_eu" >= 1 AND "month_signed_eu" BETWEEN 1 AND 12 AND "day_signed_eu" BETWEEN 1 AND CASE WHEN "month_signed_eu" IN (4, 6, 9, 11) THEN 30 WHEN "month_signed_eu" = 2 THEN CASE WHEN ((("year_signed_eu" % 4) = 0 AND ("year_signed_eu" % 100) <> 0) OR ("year_signed_eu" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_signed_eu" END, "month_signed_eu", "day_signed_eu") AS "v_signed_eu",
    CASE WHEN "epoch_day_synced" BETWEEN (-719162) AND 2932896 THEN (DATE '1970-01-01' + CAST("epoch_day_synced" AS INTEGER)) END AS "v_synced",
    CASE WHEN cardinality("items_tech") > 0 THEN "items_tech" END AS "v_tech"
  FROM "value_parts"
  OFFSET 0
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
  OFFSET 0
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
    -- segform contact numbers per account for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (postgres), as of 2026-11-01; ordered by key
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
        NULLIF(btrim((CAST("source"."account" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account",
        NULLIF(btrim((CAST("source"."contact_id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_contact_id",
        NULLIF(btrim((CAST("source"."last_activity" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_activity",
        NULLIF(btrim((CAST("source"."seniority" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_seniority",
        NULLIF(btrim((CAST("source"."title" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_title"
      FROM "contacts" AS "source"
      CROSS JOIN "constants"
      OFFSET 0
    ),
    "normalized" AS (
      -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
      SELECT
        *,
        translate("t_title", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS "n_title"
      FROM "input_text"
      OFFSET 0
    ),
    "text_parts" AS (
      -- the text of each value checked against its type's pattern, and taken apart
      SELECT
        *,
        CASE WHEN ("t_last_activity" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_activity", 1, 10) END AS "date_last_activity"
      FROM "normalized"
      OFFSET 0
    ),
    "value_parts" AS (
      -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
      SELECT
        *,
        CAST(substr("date_last_activity", 1, 4) AS INTEGER) AS "year_last_activity",
        CAST(substr("date_last_activity", 6, 2) AS INTEGER) AS "month_last_activity",
        CAST(substr("date_last_activity", 9, 2) AS INTEGER) AS "day_last_activity"
      FROM "text_parts"
      OFFSET 0
    ),
    "typed" AS (
      -- typed values; text that is not a value of the field's type is missing
      SELECT
        *,
        "t_account" AS "v_account",
        "t_contact_id" AS "v_contact_id",
        make_date(CASE WHEN "year_last_activity" >= 1 AND "month_last_activity" BETWEEN 1 AND 12 AND "day_last_activity" BETWEEN 1 AND CASE WHEN "month_last_activity" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_activity" = 2 THEN CASE WHEN ((("year_last_activity" % 4) = 0 AND ("year_last_activity" % 100) <> 0) OR ("year_last_activity" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_activity" END, "month_last_activity", "day_last_activity") AS "v_last_activity",
        "t_seniority" AS "v_seniority",
        "n_title" AS "v_title"
      FROM "value_parts"
      OFFSET 0
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
      OFFSET 0
    ),
    "roles" AS (
      -- the first matching buying-committee role
      SELECT
        *,
        CASE
          WHEN COALESCE(("f_title" ~ '(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))ciso(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))|chief information security officer'), FALSE) THEN 'ciso'
          WHEN COALESCE("f_seniority" IN ('director', 'vp'), FALSE) THEN 'champion'
          WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
        END AS "_role"
      FROM "coerced"
      OFFSET 0
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
      OFFSET 0
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
  OFFSET 0
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    COALESCE("f_industry" IN ('fintech', 'saas'), FALSE) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("_contacts_count" >= 1, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("_contacts_distinct_roles" >= 3, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(CASE WHEN "f_tech" IS NULL THEN NULL ELSE cardinality("f_tech") END >= 5, FALSE) THEN 10 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("_contacts_count_2" >= 1, FALSE) THEN 50 ELSE 0 END
      + CASE WHEN COALESCE("f_renewal_date" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE((DATE '2026-11-01' - "f_last_touch") >= 90, FALSE) THEN (-20) ELSE 0 END
      + CASE WHEN COALESCE(("f_renewal_date" - DATE '2026-11-01') BETWEEN 0 AND 30, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_signed" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_signed_eu" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
        ) THEN 10 ELSE 0 END
      + CASE WHEN COALESCE("f_billed" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 5 ELSE 0 END
      + CASE WHEN COALESCE((DATE '2026-11-01' - "f_synced") <= 1, FALSE) THEN 5 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "contact_aggregates"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND COALESCE("s_fit" >= 70, FALSE)) AS "_match_t1"
  FROM "scores"
  OFFSET 0
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_match_t1" THEN 't1'
    END AS "_tier"
  FROM "tier_matches"
  OFFSET 0
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
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY ("f_account_id" COLLATE "C") NULLS LAST;

-- contacts
-- segform contacts for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."account" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account",
    NULLIF(btrim((CAST("source"."contact_id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_contact_id",
    NULLIF(btrim((CAST("source"."last_activity" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_activity",
    NULLIF(btrim((CAST("source"."seniority" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_seniority",
    NULLIF(btrim((CAST("source"."title" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_title"
  FROM "contacts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"normalized" AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    translate("t_title", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS "n_title"
  FROM "input_text"
  OFFSET 0
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN ("t_last_activity" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_activity", 1, 10) END AS "date_last_activity"
  FROM "normalized"
  OFFSET 0
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    CAST(substr("date_last_activity", 1, 4) AS INTEGER) AS "year_last_activity",
    CAST(substr("date_last_activity", 6, 2) AS INTEGER) AS "month_last_activity",
    CAST(substr("date_last_activity", 9, 2) AS INTEGER) AS "day_last_activity"
  FROM "text_parts"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account" AS "v_account",
    "t_contact_id" AS "v_contact_id",
    make_date(CASE WHEN "year_last_activity" >= 1 AND "month_last_activity" BETWEEN 1 AND 12 AND "day_last_activity" BETWEEN 1 AND CASE WHEN "month_last_activity" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_activity" = 2 THEN CASE WHEN ((("year_last_activity" % 4) = 0 AND ("year_last_activity" % 100) <> 0) OR ("year_last_activity" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_activity" END, "month_last_activity", "day_last_activity") AS "v_last_activity",
    "t_seniority" AS "v_seniority",
    "n_title" AS "v_title"
  FROM "value_parts"
  OFFSET 0
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
  OFFSET 0
),
"roles" AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN COALESCE(("f_title" ~ '(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))ciso(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))|chief information security officer'), FALSE) THEN 'ciso'
      WHEN COALESCE("f_seniority" IN ('director', 'vp'), FALSE) THEN 'champion'
      WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
    END AS "_role"
  FROM "coerced"
  OFFSET 0
)
SELECT
  "f_contact_id" AS "contact_id",
  "f_account" AS "account",
  "_role" AS "role"
FROM "roles"
ORDER BY ("f_contact_id" COLLATE "C") NULLS LAST;
