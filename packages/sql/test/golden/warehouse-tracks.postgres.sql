-- segform accounts for plan sha256:88efe1037e5909f079656c1f1761c9612620d8fd98f21e49dec7ab8c2a509b32 (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."Type" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_account_type",
    NULLIF(btrim((CAST("source"."Opportunity_Amount__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_amount",
    NULLIF(btrim((CAST("source"."AnnualRevenue" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_annual_revenue",
    NULLIF(btrim((CAST("source"."Opportunity_Close_Date__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_close_date",
    NULLIF(btrim((CAST("source"."Cloud_Provider__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_cloud",
    NULLIF(btrim((CAST("source"."BillingCountryCode" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_country",
    NULLIF(btrim((CAST("source"."Data_Team_Size__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_data_team_size",
    NULLIF(btrim((CAST("source"."Docs_Visits_30d__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_docs_visits_30d",
    NULLIF(btrim((CAST("source"."NumberOfEmployees" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(btrim((CAST("source"."Industry" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_industry",
    NULLIF(btrim((CAST("source"."Intent_Score__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_intent_score",
    NULLIF(btrim((CAST("source"."Last_Docs_Visit__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_docs_visit",
    NULLIF(btrim((CAST("source"."Name" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_name",
    NULLIF(btrim((CAST("source"."Open_Data_Roles__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_open_data_roles",
    NULLIF(btrim((CAST("source"."Primary_Data_Warehouse__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_primary_warehouse",
    NULLIF(btrim((CAST("source"."Opportunity_Stage__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_stage",
    NULLIF(btrim((CAST("source"."Tech_Scan_Date__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_tech_scan_date",
    NULLIF(btrim((CAST("source"."Tech_Stack__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_tech_stack",
    NULLIF(btrim((CAST("source"."Trial_Started__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_trial_started",
    NULLIF(btrim((CAST("source"."Website" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_website"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
  OFFSET 0
),
"normalized" AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    translate("t_cloud", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS "n_cloud",
    CASE WHEN translate("t_employees", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('n/a', 'unknown') THEN NULL ELSE "t_employees" END AS "n_employees"
  FROM "input_text"
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
    CASE WHEN ("t_annual_revenue" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_annual_revenue", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_annual_revenue",
    length(regexp_replace("t_annual_revenue", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_annual_revenue",
    ltrim(regexp_replace("t_annual_revenue", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_annual_revenue",
    ("t_annual_revenue" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_annual_revenue",
    CASE WHEN ("t_close_date" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_close_date", 1, 10) END AS "date_close_date",
    CASE
      WHEN ("t_data_team_size" ~ '^([0-9]{1,15})$') THEN "t_data_team_size"
      WHEN ("t_data_team_size" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_data_team_size", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_data_team_size",
    CASE
      WHEN ("t_docs_visits_30d" ~ '^([0-9]{1,15})$') THEN "t_docs_visits_30d"
      WHEN ("t_docs_visits_30d" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_docs_visits_30d", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_docs_visits_30d",
    CASE
      WHEN ("n_employees" ~ '^([0-9]{1,15})$') THEN "n_employees"
      WHEN ("n_employees" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("n_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE WHEN ("t_intent_score" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_intent_score", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_intent_score",
    length(regexp_replace("t_intent_score", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_intent_score",
    ltrim(regexp_replace("t_intent_score", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_intent_score",
    ("t_intent_score" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_intent_score",
    CASE WHEN ("t_last_docs_visit" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_docs_visit", 1, 10) END AS "date_last_docs_visit",
    CASE
      WHEN ("t_open_data_roles" ~ '^([0-9]{1,15})$') THEN "t_open_data_roles"
      WHEN ("t_open_data_roles" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_open_data_roles", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_open_data_roles",
    CASE WHEN ("t_tech_scan_date" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_tech_scan_date", 1, 10) END AS "date_tech_scan_date",
    CASE WHEN NOT (starts_with("t_tech_stack", ';') OR (right("t_tech_stack", 1) = ';') OR (strpos("t_tech_stack", ';;') > 0) OR ("t_tech_stack" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("t_tech_stack", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("t_tech_stack", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_tech_stack",
    CASE WHEN ("t_trial_started" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_trial_started", 1, 10) END AS "date_trial_started"
  FROM "normalized"
  OFFSET 0
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    rtrim(ltrim("mantissa_amount", '0'), '0') AS "significant_amount",
    CASE WHEN "mantissa_amount" IS NOT NULL THEN "integer_digits_amount" - (length("mantissa_amount") - length(ltrim("mantissa_amount", '0'))) + CASE WHEN "exponent_negative_amount" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_amount") <= 6 THEN '0' || "exponent_digits_amount" END AS INTEGER), 9999999) END AS "magnitude_amount",
    rtrim(ltrim("mantissa_annual_revenue", '0'), '0') AS "significant_annual_revenue",
    CASE WHEN "mantissa_annual_revenue" IS NOT NULL THEN "integer_digits_annual_revenue" - (length("mantissa_annual_revenue") - length(ltrim("mantissa_annual_revenue", '0'))) + CASE WHEN "exponent_negative_annual_revenue" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_annual_revenue") <= 6 THEN '0' || "exponent_digits_annual_revenue" END AS INTEGER), 9999999) END AS "magnitude_annual_revenue",
    CAST(substr("date_close_date", 1, 4) AS INTEGER) AS "year_close_date",
    CAST(substr("date_close_date", 6, 2) AS INTEGER) AS "month_close_date",
    CAST(substr("date_close_date", 9, 2) AS INTEGER) AS "day_close_date",
    rtrim(ltrim("mantissa_intent_score", '0'), '0') AS "significant_intent_score",
    CASE WHEN "mantissa_intent_score" IS NOT NULL THEN "integer_digits_intent_score" - (length("mantissa_intent_score") - length(ltrim("mantissa_intent_score", '0'))) + CASE WHEN "exponent_negative_intent_score" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_intent_score") <= 6 THEN '0' || "exponent_digits_intent_score" END AS INTEGER), 9999999) END AS "magnitude_intent_score",
    CAST(substr("date_last_docs_visit", 1, 4) AS INTEGER) AS "year_last_docs_visit",
    CAST(substr("date_last_docs_visit", 6, 2) AS INTEGER) AS "month_last_docs_visit",
    CAST(substr("date_last_docs_visit", 9, 2) AS INTEGER) AS "day_last_docs_visit",
    CAST(substr("date_tech_scan_date", 1, 4) AS INTEGER) AS "year_tech_scan_date",
    CAST(substr("date_tech_scan_date", 6, 2) AS INTEGER) AS "month_tech_scan_date",
    CAST(substr("date_tech_scan_date", 9, 2) AS INTEGER) AS "day_tech_scan_date",
    CAST(substr("date_trial_started", 1, 4) AS INTEGER) AS "year_trial_started",
    CAST(substr("date_trial_started", 6, 2) AS INTEGER) AS "month_trial_started",
    CAST(substr("date_trial_started", 9, 2) AS INTEGER) AS "day_trial_started"
  FROM "text_parts"
  OFFSET 0
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    "t_account_type" AS "v_account_type",
    CASE
      WHEN "mantissa_amount" IS NULL THEN NULL
      WHEN "significant_amount" = '' OR "magnitude_amount" < (-323) OR ("magnitude_amount" = (-323) AND (("significant_amount" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_amount" > 309 OR ("magnitude_amount" = 309 AND (("significant_amount" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_amount", ',', '') AS DOUBLE PRECISION)
    END AS "v_amount",
    CASE
      WHEN "mantissa_annual_revenue" IS NULL THEN NULL
      WHEN "significant_annual_revenue" = '' OR "magnitude_annual_revenue" < (-323) OR ("magnitude_annual_revenue" = (-323) AND (("significant_annual_revenue" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_annual_revenue" > 309 OR ("magnitude_annual_revenue" = 309 AND (("significant_annual_revenue" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_annual_revenue", ',', '') AS DOUBLE PRECISION)
    END AS "v_annual_revenue",
    make_date(CASE WHEN "year_close_date" >= 1 AND "month_close_date" BETWEEN 1 AND 12 AND "day_close_date" BETWEEN 1 AND CASE WHEN "month_close_date" IN (4, 6, 9, 11) THEN 30 WHEN "month_close_date" = 2 THEN CASE WHEN ((("year_close_date" % 4) = 0 AND ("year_close_date" % 100) <> 0) OR ("year_close_date" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_close_date" END, "month_close_date", "day_close_date") AS "v_close_date",
    "n_cloud" AS "v_cloud",
    "t_country" AS "v_country",
    CASE WHEN left("t_data_team_size", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_data_team_size") < 16 OR (length("digits_data_team_size") = 16 AND (("digits_data_team_size" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_data_team_size" END AS BIGINT) AS "v_data_team_size",
    CASE WHEN left("t_docs_visits_30d", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_docs_visits_30d") < 16 OR (length("digits_docs_visits_30d") = 16 AND (("digits_docs_visits_30d" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_docs_visits_30d" END AS BIGINT) AS "v_docs_visits_30d",
    CASE WHEN left("n_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND (("digits_employees" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    "t_industry" AS "v_industry",
    CASE
      WHEN "mantissa_intent_score" IS NULL THEN NULL
      WHEN "significant_intent_score" = '' OR "magnitude_intent_score" < (-323) OR ("magnitude_intent_score" = (-323) AND (("significant_intent_score" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_intent_score" > 309 OR ("magnitude_intent_score" = 309 AND (("significant_intent_score" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_intent_score", ',', '') AS DOUBLE PRECISION)
    END AS "v_intent_score",
    make_date(CASE WHEN "year_last_docs_visit" >= 1 AND "month_last_docs_visit" BETWEEN 1 AND 12 AND "day_last_docs_visit" BETWEEN 1 AND CASE WHEN "month_last_docs_visit" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_docs_visit" = 2 THEN CASE WHEN ((("year_last_docs_visit" % 4) = 0 AND ("year_last_docs_visit" % 100) <> 0) OR ("year_last_docs_visit" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_docs_visit" END, "month_last_docs_visit", "day_last_docs_visit") AS "v_last_docs_visit",
    "t_name" AS "v_name",
    CASE WHEN left("t_open_data_roles", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_open_data_roles") < 16 OR (length("digits_open_data_roles") = 16 AND (("digits_open_data_roles" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_open_data_roles" END AS BIGINT) AS "v_open_data_roles",
    "t_primary_warehouse" AS "v_primary_warehouse",
    "t_stage" AS "v_stage",
    make_date(CASE WHEN "year_tech_scan_date" >= 1 AND "month_tech_scan_date" BETWEEN 1 AND 12 AND "day_tech_scan_date" BETWEEN 1 AND CASE WHEN "month_tech_scan_date" IN (4, 6, 9, 11) THEN 30 WHEN "month_tech_scan_date" = 2 THEN CASE WHEN ((("year_tech_scan_date" % 4) = 0 AND ("year_tech_scan_date" % 100) <> 0) OR ("year_tech_scan_date" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_tech_scan_date" END, "month_tech_scan_date", "day_tech_scan_date") AS "v_tech_scan_date",
    CASE WHEN cardinality("items_tech_stack") > 0 THEN "items_tech_stack" END AS "v_tech_stack",
    make_date(CASE WHEN "year_trial_started" >= 1 AND "month_trial_started" BETWEEN 1 AND 12 AND "day_trial_started" BETWEEN 1 AND CASE WHEN "month_trial_started" IN (4, 6, 9, 11) THEN 30 WHEN "month_trial_started" = 2 THEN CASE WHEN ((("year_trial_started" % 4) = 0 AND ("year_trial_started" % 100) <> 0) OR ("year_trial_started" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_trial_started" END, "month_trial_started", "day_trial_started") AS "v_trial_started",
    "t_website" AS "v_website"
  FROM "value_parts"
  OFFSET 0
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account_id" AS "f_account_id",
    CASE WHEN "v_account_type" IN ('Prospect', 'Customer', 'Partner', 'Competitor') THEN "v_account_type" END AS "f_account_type",
    "v_amount" AS "f_amount",
    "v_annual_revenue" AS "f_annual_revenue",
    "v_close_date" AS "f_close_date",
    CASE WHEN "v_cloud" IN ('aws', 'azure', 'gcp') THEN "v_cloud" END AS "f_cloud",
    "v_country" AS "f_country",
    COALESCE("v_data_team_size", 0) AS "f_data_team_size",
    COALESCE("v_docs_visits_30d", 0) AS "f_docs_visits_30d",
    "v_employees" AS "f_employees",
    "v_industry" AS "f_industry",
    COALESCE("v_intent_score", 0) AS "f_intent_score",
    "v_last_docs_visit" AS "f_last_docs_visit",
    "v_name" AS "f_name",
    COALESCE("v_open_data_roles", 0) AS "f_open_data_roles",
    CASE WHEN "v_primary_warehouse" IN ('snowflake', 'databricks', 'bigquery', 'redshift', 'synapse', 'teradata', 'postgres') THEN "v_primary_warehouse" END AS "f_primary_warehouse",
    COALESCE(CASE WHEN "v_stage" IN ('closed_won', 'closed_lost', 'open', 'none') THEN "v_stage" END, 'none') AS "f_stage",
    "v_tech_scan_date" AS "f_tech_scan_date",
    "v_tech_stack" AS "f_tech_stack",
    "v_trial_started" AS "f_trial_started",
    "v_website" AS "f_website"
  FROM "typed"
  OFFSET 0
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (
      (
        COALESCE("f_employees" BETWEEN 100 AND 10000, FALSE)
        AND COALESCE("f_data_team_size" >= 3, FALSE)
        AND COALESCE("f_country" IN ('AU', 'CA', 'DE', 'FR', 'GB', 'IE', 'NL', 'SE', 'SG', 'US'), FALSE)
      )
      AND (NOT (
        COALESCE("f_account_type" IN ('Competitor', 'Customer', 'Partner'), FALSE)
        OR COALESCE("f_industry" = 'government', FALSE)
        OR COALESCE(("f_name" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Tt][Ee][Ss\\u017f][Tt]|[Dd][Ee][Mm][Oo]|[Ss\\u017f][Aa][Nn][Dd][Bb][Oo][Xx])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_data_team_size" >= 10, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_data_team_size" BETWEEN 3 AND 9, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_employees" BETWEEN 200 AND 5000, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE(("f_tech_stack" && CAST(ARRAY['airbyte', 'airflow', 'dagster', 'dbt', 'fivetran'] AS TEXT[])), FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE(CASE WHEN "f_tech_stack" IS NULL THEN NULL ELSE cardinality("f_tech_stack") END >= 8, FALSE) THEN 5 ELSE 0 END
      + CASE WHEN (
          (
            COALESCE("f_primary_warehouse" = 'snowflake', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(('snowflake' = ANY("f_tech_stack")), FALSE)
            )
          )
          OR (
            COALESCE("f_primary_warehouse" = 'databricks', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(('databricks' = ANY("f_tech_stack")), FALSE)
            )
          )
          OR (
            COALESCE("f_primary_warehouse" = 'bigquery', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(('bigquery' = ANY("f_tech_stack")), FALSE)
            )
          )
          OR (
            COALESCE("f_primary_warehouse" = 'redshift', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(('redshift' = ANY("f_tech_stack")), FALSE)
            )
          )
        ) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_tech_scan_date" BETWEEN DATE '2026-05-05' AND DATE '2026-11-01', FALSE) THEN 10 ELSE 0 END
      + CASE WHEN (NOT COALESCE("f_tech_scan_date" BETWEEN DATE '2025-11-01' AND DATE '2026-11-01', FALSE)) THEN (-20) ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_intent_score" >= 60, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_last_docs_visit" BETWEEN DATE '2026-10-18' AND DATE '2026-11-01', FALSE) THEN 25 ELSE 0 END
      + CASE WHEN COALESCE("f_docs_visits_30d" >= 5, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_trial_started" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_open_data_roles" >= 2, FALSE) THEN 10 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_close_date" BETWEEN DATE '2026-11-01' AND DATE '2026-12-01', FALSE)
          AND COALESCE("f_stage" = 'open', FALSE)
        ) THEN 15 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "coerced"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 65, FALSE) AND COALESCE("s_intent" >= 55, FALSE))) AS "_match_tier1",
    ("_icp" AND (COALESCE("s_fit" >= 45, FALSE) AND COALESCE("s_intent" >= 25, FALSE))) AS "_match_tier2",
    "_icp" AS "_match_tier3"
  FROM "scores"
  OFFSET 0
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 60 of the accounts that reach it
  SELECT
    *,
    ("_match_tier1" AND row_number() OVER (
      PARTITION BY "_match_tier1"
      ORDER BY "s_fit" DESC NULLS LAST, "s_intent" DESC NULLS LAST, ("f_account_id" COLLATE "C") ASC NULLS LAST
    ) <= 60) AS "_keep_tier1"
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
      WHEN (
          COALESCE("f_primary_warehouse" = 'snowflake', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(('snowflake' = ANY("f_tech_stack")), FALSE)
          )
        ) THEN 'snowflake'
      WHEN (
          COALESCE("f_primary_warehouse" = 'databricks', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(('databricks' = ANY("f_tech_stack")), FALSE)
          )
        ) THEN 'databricks'
      WHEN (
          COALESCE("f_primary_warehouse" = 'bigquery', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(('bigquery' = ANY("f_tech_stack")), FALSE)
          )
        ) THEN 'bigquery'
      WHEN (
          COALESCE("f_primary_warehouse" = 'redshift', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(('redshift' = ANY("f_tech_stack")), FALSE)
          )
        ) THEN 'redshift'
      ELSE 'other-stack'
    END AS "_segment"
  FROM "tiers"
  OFFSET 0
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('bigquery'), FALSE) THEN 'content-bigquery' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('databricks'), FALSE) THEN 'content-databricks' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('redshift'), FALSE) THEN 'content-redshift' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('snowflake'), FALSE) THEN 'content-snowflake' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('snowflake', 'databricks', 'bigquery', 'redshift', 'other-stack'), FALSE) THEN 'crm-segment' END,
      CASE WHEN "_icp" AND COALESCE("_tier" IN ('tier1', 'tier2', 'tier3'), FALSE) THEN 'crm-tier' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('bigquery'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'outbound-bigquery' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('databricks'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'outbound-databricks' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('redshift'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'outbound-redshift' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('snowflake'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'outbound-snowflake' END
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
