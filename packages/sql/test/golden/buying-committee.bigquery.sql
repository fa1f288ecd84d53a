-- segform accounts for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (bigquery), as of 2026-11-01; ordered by key
WITH
`constants` AS (
  -- JavaScript's String.prototype.trim whitespace
  SELECT
    '\t\n\v\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS `whitespace`
),
`input_text` AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    `constants`.`whitespace` AS `whitespace`,
    NULLIF(trim(CAST(`source`.`account_id` AS STRING), `constants`.`whitespace`), '') AS `t_account_id`,
    NULLIF(trim(CAST(`source`.`billed` AS STRING), `constants`.`whitespace`), '') AS `t_billed`,
    NULLIF(trim(CAST(`source`.`industry` AS STRING), `constants`.`whitespace`), '') AS `t_industry`,
    NULLIF(trim(CAST(`source`.`last_touch` AS STRING), `constants`.`whitespace`), '') AS `t_last_touch`,
    NULLIF(trim(CAST(`source`.`renewal_date` AS STRING), `constants`.`whitespace`), '') AS `t_renewal_date`,
    NULLIF(trim(CAST(`source`.`signed` AS STRING), `constants`.`whitespace`), '') AS `t_signed`,
    NULLIF(trim(CAST(`source`.`signed_eu` AS STRING), `constants`.`whitespace`), '') AS `t_signed_eu`,
    NULLIF(trim(CAST(`source`.`synced` AS STRING), `constants`.`whitespace`), '') AS `t_synced`,
    NULLIF(trim(CAST(`source`.`tech` AS STRING), `constants`.`whitespace`), '') AS `t_tech`
  FROM `accounts` AS `source`
  CROSS JOIN `constants`
),
`normalized` AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    CASE WHEN translate(`t_industry`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('n/a', 'unknown') THEN NULL ELSE translate(`t_industry`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END AS `n_industry`,
    translate(`t_tech`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS `n_tech`
  FROM `input_text`
),
`text_parts` AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN REGEXP_CONTAINS(`t_billed`, '^([0-9]{8})$') THEN substr(`t_billed`, 1, 4) || '-' || substr(`t_billed`, 5, 2) || '-' || substr(`t_billed`, 7, 2) END AS `date_billed`,
    CASE WHEN REGEXP_CONTAINS(`t_last_touch`, '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr(`t_last_touch`, 1, 10) END AS `date_last_touch`,
    CASE WHEN REGEXP_CONTAINS(`t_renewal_date`, '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr(`t_renewal_date`, 1, 10) END AS `date_renewal_date`,
    CASE WHEN REGEXP_CONTAINS(`t_signed`, '^([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$') THEN SPLIT(`t_signed`, '/')[SAFE_OFFSET(2)] || '-' || lpad(SPLIT(`t_signed`, '/')[SAFE_OFFSET(0)], 2, '0') || '-' || lpad(SPLIT(`t_signed`, '/')[SAFE_OFFSET(1)], 2, '0') END AS `date_signed`,
    CASE WHEN REGEXP_CONTAINS(`t_signed_eu`, '^([0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4})$') THEN SPLIT(`t_signed_eu`, '.')[SAFE_OFFSET(2)] || '-' || lpad(SPLIT(`t_signed_eu`, '.')[SAFE_OFFSET(1)], 2, '0') || '-' || lpad(SPLIT(`t_signed_eu`, '.')[SAFE_OFFSET(0)], 2, '0') END AS `date_signed_eu`,
    CASE WHEN REGEXP_CONTAINS(`t_synced`, '^(-?[0-9]{1,15})$') THEN floor(SAFE_CAST(`t_synced` AS FLOAT64) / CAST(86400000 AS FLOAT64)) END AS `epoch_day_synced`,
    ARRAY(SELECT TRIM(item, `whitespace`) FROM UNNEST(SPLIT(`n_tech`, ';')) AS item WITH OFFSET AS position WHERE TRIM(item, `whitespace`) <> '' ORDER BY position) AS `items_tech`
  FROM `normalized`
),
`value_parts` AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    CAST(substr(`date_billed`, 1, 4) AS INT64) AS `year_billed`,
    CAST(substr(`date_billed`, 6, 2) AS INT64) AS `month_billed`,
    CAST(substr(`date_billed`, 9, 2) AS INT64) AS `day_billed`,
    CAST(substr(`date_last_touch`, 1, 4) AS INT64) AS `year_last_touch`,
    CAST(substr(`date_last_touch`, 6, 2) AS INT64) AS `month_last_touch`,
    CAST(substr(`date_last_touch`, 9, 2) AS INT64) AS `day_last_touch`,
    CAST(substr(`date_renewal_date`, 1, 4) AS INT64) AS `year_renewal_date`,
    CAST(substr(`date_renewal_date`, 6, 2) AS INT64) AS `month_renewal_date`,
    CAST(substr(`date_renewal_date`, 9, 2) AS INT64) AS `day_renewal_date`,
    CAST(substr(`date_signed`, 1, 4) AS INT64) AS `year_signed`,
    CAST(substr(`date_signed`, 6, 2) AS INT64) AS `month_signed`,
    CAST(substr(`date_signed`, 9, 2) AS INT64) AS `day_signed`,
    CAST(substr(`date_signed_eu`, 1, 4) AS INT64) AS `year_signed_eu`,
    CAST(substr(`date_signed_eu`, 6, 2) AS INT64) AS `month_signed_eu`,
    CAST(substr(`date_signed_eu`, 9, 2) AS INT64) AS `day_signed_eu`
  FROM `text_parts`
),
`typed` AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    `t_account_id` AS `v_account_id`,
    DATE(CASE WHEN `year_billed` >= 1 AND `month_billed` BETWEEN 1 AND 12 AND `day_billed` BETWEEN 1 AND CASE WHEN `month_billed` IN (4, 6, 9, 11) THEN 30 WHEN `month_billed` = 2 THEN CASE WHEN ((MOD(`year_billed`, 4) = 0 AND MOD(`year_billed`, 100) <> 0) OR MOD(`year_billed`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_billed` END, `month_billed`, `day_billed`) AS `v_billed`,
    `n_industry` AS `v_industry`,
    DATE(CASE WHEN `year_last_touch` >= 1 AND `month_last_touch` BETWEEN 1 AND 12 AND `day_last_touch` BETWEEN 1 AND CASE WHEN `month_last_touch` IN (4, 6, 9, 11) THEN 30 WHEN `month_last_touch` = 2 THEN CASE WHEN ((MOD(`year_last_touch`, 4) = 0 AND MOD(`year_last_touch`, 100) <> 0) OR MOD(`year_last_touch`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_last_touch` END, `month_last_touch`, `day_last_touch`) AS `v_last_touch`,
    DATE(CASE WHEN `year_renewal_date` >= 1 AND `month_renewal_date` BETWEEN 1 AND 12 AND `day_renewal_date` BETWEEN 1 AND CASE WHEN `month_renewal_date` IN (4, 6, 9, 11) THEN 30 WHEN `month_renewal_date` = 2 THEN CASE WHEN ((MOD(`year_renewal_date`, 4) = 0 AND MOD(`year_renewal_date`, 100) <> 0) OR MOD(`year_renewal_date`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_renewal_date` END, `month_renewal_date`, `day_renewal_date`) AS `v_renewal_date`,
    DATE(CASE WHEN `year_signed` >= 1 AND `month_signed` BETWEEN 1 AND 12 AND `day_signed` BETWEEN 1 AND CASE WHEN `month_signed` IN (4, 6, 9, 11) THEN 30 WHEN `month_signed` = 2 THEN CASE WHEN ((MOD(`year_signed`, 4) = 0 AND MOD(`year_signed`, 100) <> 0) OR MOD(`year_signed`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_signed` END, `month_signed`, `day_signed`) AS `v_signed`,
    DATE(CASE WHEN `year_signed_eu` >= 1 AND `month_signed_eu` BETWEEN 1 AND 12 AND `day_signed_eu` BETWEEN 1 AND CASE WHEN `month_signed_eu` IN (4, 6, 9, 11) THEN 30 WHEN `month_signed_eu` = 2 THEN CASE WHEN ((MOD(`year_signed_eu`, 4) = 0 AND MOD(`year_signed_eu`, 100) <> 0) OR MOD(`year_signed_eu`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_signed_eu` END, `month_signed_eu`, `day_signed_eu`) AS `v_signed_eu`,
    CASE WHEN `epoch_day_synced` BETWEEN (-719162) AND 2932896 THEN DATE_ADD(DATE '1970-01-01', INTERVAL CAST(`epoch_day_synced` AS INT64) DAY) END AS `v_synced`,
    CASE WHEN ARRAY_LENGTH(`items_tech`) > 0 THEN `items_tech` END AS `v_tech`
  FROM `value_parts`
),
`coerced` AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    `v_account_id` AS `f_account_id`,
    `v_billed` AS `f_billed`,
    `v_industry` AS `f_industry`,
    `v_last_touch` AS `f_last_touch`,
    `v_renewal_date` AS `f_renewal_date`,
    `v_signed` AS `f_signed`,
    `v_signed_eu` AS `f_signed_eu`,
    `v_synced` AS `f_synced`,
    `v_tech` AS `f_tech`
  FROM `typed`
),
`contact_aggregates` AS (
  -- each account's numbers over its contacts (grouped by account key), 0 without contacts
  SELECT
    `coerced`.*,
    COALESCE(`contact_numbers`.`_number_1`, 0) AS `_contacts_count`,
    COALESCE(`contact_numbers`.`_number_2`, 0) AS `_contacts_distinct_roles`,
    COALESCE(`contact_numbers`.`_number_3`, 0) AS `_contacts_count_2`
  FROM `coerced`
  LEFT JOIN (
    -- segform contact numbers per account for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (bigquery), as of 2026-11-01; ordered by key
    WITH
    `constants` AS (
      -- JavaScript's String.prototype.trim whitespace
      SELECT
        '\t\n\v\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS `whitespace`
    ),
    `input_text` AS (
      -- every declared column as text, trimmed; empty text is missing
      SELECT
        `constants`.`whitespace` AS `whitespace`,
        NULLIF(trim(CAST(`source`.`account` AS STRING), `constants`.`whitespace`), '') AS `t_account`,
        NULLIF(trim(CAST(`source`.`contact_id` AS STRING), `constants`.`whitespace`), '') AS `t_contact_id`,
        NULLIF(trim(CAST(`source`.`last_activity` AS STRING), `constants`.`whitespace`), '') AS `t_last_activity`,
        NULLIF(trim(CAST(`source`.`seniority` AS STRING), `constants`.`whitespace`), '') AS `t_seniority`,
        NULLIF(trim(CAST(`source`.`title` AS STRING), `constants`.`whitespace`), '') AS `t_title`
      FROM `contacts` AS `source`
      CROSS JOIN `constants`
    ),
    `normalized` AS (
      -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
      SELECT
        *,
        translate(`t_title`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS `n_title`
      FROM `input_text`
    ),
    `text_parts` AS (
      -- the text of each value checked against its type's pattern, and taken apart
      SELECT
        *,
        CASE WHEN REGEXP_CONTAINS(`t_last_activity`, '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr(`t_last_activity`, 1, 10) END AS `date_last_activity`
      FROM `normalized`
    ),
    `value_parts` AS (
      -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
      SELECT
        *,
        CAST(substr(`date_last_activity`, 1, 4) AS INT64) AS `year_last_activity`,
        CAST(substr(`date_last_activity`, 6, 2) AS INT64) AS `month_last_activity`,
        CAST(substr(`date_last_activity`, 9, 2) AS INT64) AS `day_last_activity`
      FROM `text_parts`
    ),
    `typed` AS (
      -- typed values; text that is not a value of the field's type is missing
      SELECT
        *,
        `t_account` AS `v_account`,
        `t_contact_id` AS `v_contact_id`,
        DATE(CASE WHEN `year_last_activity` >= 1 AND `month_last_activity` BETWEEN 1 AND 12 AND `day_last_activity` BETWEEN 1 AND CASE WHEN `month_last_activity` IN (4, 6, 9, 11) THEN 30 WHEN `month_last_activity` = 2 THEN CASE WHEN ((MOD(`year_last_activity`, 4) = 0 AND MOD(`year_last_activity`, 100) <> 0) OR MOD(`year_last_activity`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_last_activity` END, `month_last_activity`, `day_last_activity`) AS `v_last_activity`,
        `t_seniority` AS `v_seniority`,
        `n_title` AS `v_title`
      FROM `value_parts`
    ),
    `coerced` AS (
      -- values outside the field's enum are missing; missing values take the field's default
      SELECT
        `v_account` AS `f_account`,
        `v_contact_id` AS `f_contact_id`,
        `v_last_activity` AS `f_last_activity`,
        CASE WHEN `v_seniority` IN ('c_level', 'vp', 'director', 'manager', 'individual') THEN `v_seniority` END AS `f_seniority`,
        `v_title` AS `f_title`
      FROM `typed`
    ),
    `roles` AS (
      -- the first matching buying-committee role
      SELECT
        *,
        CASE
          WHEN COALESCE(REGEXP_CONTAINS(`f_title`, '\\bciso\\b|chief information security officer'), FALSE) THEN 'ciso'
          WHEN COALESCE(`f_seniority` IN ('director', 'vp'), FALSE) THEN 'champion'
          WHEN COALESCE(`f_seniority` = 'individual', FALSE) THEN 'end-user'
        END AS `_role`
      FROM `coerced`
    ),
    `contact_matches` AS (
      -- which contacts each account condition over contacts counts
      SELECT
        *,
        COALESCE(`_role` = 'ciso', FALSE) AS `_where_1`,
        TRUE AS `_where_2`,
        (
          COALESCE(`f_seniority` = 'c_level', FALSE)
          AND COALESCE(`f_last_activity` BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE)
        ) AS `_where_3`
      FROM `roles`
    )
    SELECT
      `f_account` AS `_contact_account`,
      count(CASE WHEN `_where_1` THEN 1 END) AS `_number_1`,
      count(DISTINCT CASE WHEN `_where_2` THEN `_role` END) AS `_number_2`,
      count(CASE WHEN `_where_3` THEN 1 END) AS `_number_3`
    FROM `contact_matches`
    WHERE `f_account` IS NOT NULL
    GROUP BY `f_account`
  ) AS `contact_numbers` ON `contact_numbers`.`_contact_account` = `f_account_id`
),
`scores` AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    COALESCE(`f_industry` IN ('fintech', 'saas'), FALSE) AS `_icp`,
    LEAST(GREATEST(
      CAST(0 AS FLOAT64)
      + CASE WHEN COALESCE(`_contacts_count` >= 1, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE(`_contacts_distinct_roles` >= 3, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(CASE WHEN `f_tech` IS NULL THEN NULL ELSE ARRAY_LENGTH(`f_tech`) END >= 5, FALSE) THEN 10 ELSE 0 END,
      0), 100) AS `s_fit`,
    LEAST(GREATEST(
      CAST(0 AS FLOAT64)
      + CASE WHEN COALESCE(`_contacts_count_2` >= 1, FALSE) THEN 50 ELSE 0 END
      + CASE WHEN COALESCE(`f_renewal_date` BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE(DATE_DIFF(DATE '2026-11-01', `f_last_touch`, DAY) >= 90, FALSE) THEN (-20) ELSE 0 END
      + CASE WHEN COALESCE(DATE_DIFF(`f_renewal_date`, DATE '2026-11-01', DAY) BETWEEN 0 AND 30, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN (
          COALESCE(`f_signed` BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE(`f_signed_eu` BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
        ) THEN 10 ELSE 0 END
      + CASE WHEN COALESCE(`f_billed` BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 5 ELSE 0 END
      + CASE WHEN COALESCE(DATE_DIFF(DATE '2026-11-01', `f_synced`, DAY) <= 1, FALSE) THEN 5 ELSE 0 END,
      0), 100) AS `s_intent`
  FROM `contact_aggregates`
),
`tier_matches` AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    (`_icp` AND COALESCE(`s_fit` >= 70, FALSE)) AS `_match_t1`
  FROM `scores`
),
`tiers` AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN `_match_t1` THEN 't1'
    END AS `_tier`
  FROM `tier_matches`
),
`segments` AS (
  -- the first matching segment, else the fallback; none outside the ICP
  SELECT
    *,
    CASE
      WHEN NOT `_icp` THEN NULL
      ELSE 'other'
    END AS `_segment`
  FROM `tiers`
),
`activations` AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    '' AS `_activations`
  FROM `segments`
)
SELECT
  `f_account_id` AS `account_id`,
  `_icp` AS `icp`,
  CASE WHEN `s_fit` * 10000 - floor(`s_fit` * 10000) >= CAST('0.5' AS FLOAT64) THEN floor(`s_fit` * 10000) + 1 ELSE floor(`s_fit` * 10000) END / 10000 AS `fit`,
  CASE WHEN `s_intent` * 10000 - floor(`s_intent` * 10000) >= CAST('0.5' AS FLOAT64) THEN floor(`s_intent` * 10000) + 1 ELSE floor(`s_intent` * 10000) END / 10000 AS `intent`,
  `_tier` AS `tier`,
  `_segment` AS `segment`,
  `_activations` AS `activations`
FROM `activations`
ORDER BY `f_account_id` NULLS LAST;

-- contacts
-- segform contacts for plan sha256:258e698ca6f13369a08c8ec77c212ae8c59aac8bfdb42dbe9cff4cb62f993312 (bigquery), as of 2026-11-01; ordered by key
WITH
`constants` AS (
  -- JavaScript's String.prototype.trim whitespace
  SELECT
    '\t\n\v\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS `whitespace`
),
`input_text` AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    `constants`.`whitespace` AS `whitespace`,
    NULLIF(trim(CAST(`source`.`account` AS STRING), `constants`.`whitespace`), '') AS `t_account`,
    NULLIF(trim(CAST(`source`.`contact_id` AS STRING), `constants`.`whitespace`), '') AS `t_contact_id`,
    NULLIF(trim(CAST(`source`.`last_activity` AS STRING), `constants`.`whitespace`), '') AS `t_last_activity`,
    NULLIF(trim(CAST(`source`.`seniority` AS STRING), `constants`.`whitespace`), '') AS `t_seniority`,
    NULLIF(trim(CAST(`source`.`title` AS STRING), `constants`.`whitespace`), '') AS `t_title`
  FROM `contacts` AS `source`
  CROSS JOIN `constants`
),
`normalized` AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    translate(`t_title`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS `n_title`
  FROM `input_text`
),
`text_parts` AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN REGEXP_CONTAINS(`t_last_activity`, '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr(`t_last_activity`, 1, 10) END AS `date_last_activity`
  FROM `normalized`
),
`value_parts` AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    CAST(substr(`date_last_activity`, 1, 4) AS INT64) AS `year_last_activity`,
    CAST(substr(`date_last_activity`, 6, 2) AS INT64) AS `month_last_activity`,
    CAST(substr(`date_last_activity`, 9, 2) AS INT64) AS `day_last_activity`
  FROM `text_parts`
),
`typed` AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    `t_account` AS `v_account`,
    `t_contact_id` AS `v_contact_id`,
    DATE(CASE WHEN `year_last_activity` >= 1 AND `month_last_activity` BETWEEN 1 AND 12 AND `day_last_activity` BETWEEN 1 AND CASE WHEN `month_last_activity` IN (4, 6, 9, 11) THEN 30 WHEN `month_last_activity` = 2 THEN CASE WHEN ((MOD(`year_last_activity`, 4) = 0 AND MOD(`year_last_activity`, 100) <> 0) OR MOD(`year_last_activity`, 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN `year_last_activity` END, `month_last_activity`, `day_last_activity`) AS `v_last_activity`,
    `t_seniority` AS `v_seniority`,
    `n_title` AS `v_title`
  FROM `value_parts`
),
`coerced` AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    `v_account` AS `f_account`,
    `v_contact_id` AS `f_contact_id`,
    `v_last_activity` AS `f_last_activity`,
    CASE WHEN `v_seniority` IN ('c_level', 'vp', 'director', 'manager', 'individual') THEN `v_seniority` END AS `f_seniority`,
    `v_title` AS `f_title`
  FROM `typed`
),
`roles` AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN COALESCE(REGEXP_CONTAINS(`f_title`, '\\bciso\\b|chief information security officer'), FALSE) THEN 'ciso'
      WHEN COALESCE(`f_seniority` IN ('director', 'vp'), FALSE) THEN 'champion'
      WHEN COALESCE(`f_seniority` = 'individual', FALSE) THEN 'end-user'
    END AS `_role`
  FROM `coerced`
)
SELECT
  `f_contact_id` AS `contact_id`,
  `f_account` AS `account`,
  `_role` AS `role`
FROM `roles`
ORDER BY `f_contact_id` NULLS LAST;
