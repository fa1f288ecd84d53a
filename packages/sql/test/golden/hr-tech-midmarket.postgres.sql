-- segform accounts for plan sha256:59748c11d45e9bca56db2c9d459e9adf6253403a5a56eb22eb04978465d8097c (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."BillingCountryCode" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_country",
    NULLIF(btrim((CAST("source"."Demo_Requested__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_demo_requested",
    NULLIF(btrim((CAST("source"."NumberOfEmployees" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(btrim((CAST("source"."G2_Category_Views_30d__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_g2_views_30d",
    NULLIF(btrim((CAST("source"."Employee_Growth_12m__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_headcount_growth",
    NULLIF(btrim((CAST("source"."Current_HRIS__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_hris",
    NULLIF(btrim((CAST("source"."HRIS_Contract_End__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_hris_contract_end",
    NULLIF(btrim((CAST("source"."Industry" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_industry",
    NULLIF(btrim((CAST("source"."Intent_Score__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_intent_score",
    NULLIF(btrim((CAST("source"."Intent_Topics__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_intent_topics",
    NULLIF(btrim((CAST("source"."Last_Pricing_Visit__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_pricing_visit",
    NULLIF(btrim((CAST("source"."Name" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_name",
    NULLIF(btrim((CAST("source"."People_Analytics_Hiring__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_pa_hiring",
    NULLIF(btrim((CAST("source"."Payroll_Countries__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_payroll_countries",
    NULLIF(btrim((CAST("source"."Sales_Region__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_region",
    NULLIF(btrim((CAST("source"."Opportunity_Stage__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_stage",
    NULLIF(btrim((CAST("source"."Technologies" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_tech",
    NULLIF(btrim((CAST("source"."Website" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_website"
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
    CASE WHEN ("t_annual_revenue" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_annual_revenue", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_annual_revenue",
    length(regexp_replace("t_annual_revenue", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_annual_revenue",
    ltrim(regexp_replace("t_annual_revenue", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_annual_revenue",
    ("t_annual_revenue" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_annual_revenue",
    CASE WHEN ("t_close_date" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_close_date", 1, 10) END AS "date_close_date",
    CASE
      WHEN ("t_employees" ~ '^([0-9]{1,15})$') THEN "t_employees"
      WHEN ("t_employees" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE
      WHEN ("t_g2_views_30d" ~ '^([0-9]{1,15})$') THEN "t_g2_views_30d"
      WHEN ("t_g2_views_30d" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_g2_views_30d", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_g2_views_30d",
    CASE WHEN ("t_headcount_growth" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_headcount_growth", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_headcount_growth",
    length(regexp_replace("t_headcount_growth", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_headcount_growth",
    ltrim(regexp_replace("t_headcount_growth", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_headcount_growth",
    ("t_headcount_growth" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_headcount_growth",
    CASE WHEN ("t_hris_contract_end" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_hris_contract_end", 1, 10) END AS "date_hris_contract_end",
    CASE WHEN ("t_intent_score" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_intent_score", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_intent_score",
    length(regexp_replace("t_intent_score", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_intent_score",
    ltrim(regexp_replace("t_intent_score", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_intent_score",
    ("t_intent_score" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_intent_score",
    CASE WHEN NOT (starts_with("t_intent_topics", ';') OR (right("t_intent_topics", 1) = ';') OR (strpos("t_intent_topics", ';;') > 0) OR ("t_intent_topics" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("t_intent_topics", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("t_intent_topics", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_intent_topics",
    CASE WHEN ("t_last_pricing_visit" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_pricing_visit", 1, 10) END AS "date_last_pricing_visit",
    CASE
      WHEN ("t_payroll_countries" ~ '^([0-9]{1,15})$') THEN "t_payroll_countries"
      WHEN ("t_payroll_countries" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_payroll_countries", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_payroll_countries",
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
    rtrim(ltrim("mantissa_annual_revenue", '0'), '0') AS "significant_annual_revenue",
    CASE WHEN "mantissa_annual_revenue" IS NOT NULL THEN "integer_digits_annual_revenue" - (length("mantissa_annual_revenue") - length(ltrim("mantissa_annual_revenue", '0'))) + CASE WHEN "exponent_negative_annual_revenue" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_annual_revenue") <= 6 THEN '0' || "exponent_digits_annual_revenue" END AS INTEGER), 9999999) END AS "magnitude_annual_revenue",
    CAST(substr("date_close_date", 1, 4) AS INTEGER) AS "year_close_date",
    CAST(substr("date_close_date", 6, 2) AS INTEGER) AS "month_close_date",
    CAST(substr("date_close_date", 9, 2) AS INTEGER) AS "day_close_date",
    rtrim(ltrim("mantissa_headcount_growth", '0'), '0') AS "significant_headcount_growth",
    CASE WHEN "mantissa_headcount_growth" IS NOT NULL THEN "integer_digits_headcount_growth" - (length("mantissa_headcount_growth") - length(ltrim("mantissa_headcount_growth", '0'))) + CASE WHEN "exponent_negative_headcount_growth" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_headcount_growth") <= 6 THEN '0' || "exponent_digits_headcount_growth" END AS INTEGER), 9999999) END AS "magnitude_headcount_growth",
    CAST(substr("date_hris_contract_end", 1, 4) AS INTEGER) AS "year_hris_contract_end",
    CAST(substr("date_hris_contract_end", 6, 2) AS INTEGER) AS "month_hris_contract_end",
    CAST(substr("date_hris_contract_end", 9, 2) AS INTEGER) AS "day_hris_contract_end",
    rtrim(ltrim("mantissa_intent_score", '0'), '0') AS "significant_intent_score",
    CASE WHEN "mantissa_intent_score" IS NOT NULL THEN "integer_digits_intent_score" - (length("mantissa_intent_score") - length(ltrim("mantissa_intent_score", '0'))) + CASE WHEN "exponent_negative_intent_score" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_intent_score") <= 6 THEN '0' || "exponent_digits_intent_score" END AS INTEGER), 9999999) END AS "magnitude_intent_score",
    CAST(substr("date_last_pricing_visit", 1, 4) AS INTEGER) AS "year_last_pricing_visit",
    CAST(substr("date_last_pricing_visit", 6, 2) AS INTEGER) AS "month_last_pricing_visit",
    CAST(substr("date_last_pricing_visit", 9, 2) AS INTEGER) AS "day_last_pricing_visit"
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
    "t_country" AS "v_country",
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
    CASE WHEN left("t_g2_views_30d", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_g2_views_30d") < 16 OR (length("digits_g2_views_30d") = 16 AND (("digits_g2_views_30d" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_g2_views_30d" END AS BIGINT) AS "v_g2_views_30d",
    CASE
      WHEN "mantissa_headcount_growth" IS NULL THEN NULL
      WHEN "significant_headcount_growth" = '' OR "magnitude_headcount_growth" < (-323) OR ("magnitude_headcount_growth" = (-323) AND (("significant_headcount_growth" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_headcount_growth" > 309 OR ("magnitude_headcount_growth" = 309 AND (("significant_headcount_growth" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_headcount_growth", ',', '') AS DOUBLE PRECISION)
    END AS "v_headcount_growth",
    "t_hris" AS "v_hris",
    make_date(CASE WHEN "year_hris_contract_end" >= 1 AND "month_hris_contract_end" BETWEEN 1 AND 12 AND "day_hris_contract_end" BETWEEN 1 AND CASE WHEN "month_hris_contract_end" IN (4, 6, 9, 11) THEN 30 WHEN "month_hris_contract_end" = 2 THEN CASE WHEN ((("year_hris_contract_end" % 4) = 0 AND ("year_hris_contract_end" % 100) <> 0) OR ("year_hris_contract_end" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_hris_contract_end" END, "month_hris_contract_end", "day_hris_contract_end") AS "v_hris_contract_end",
    "t_industry" AS "v_industry",
    CASE
      WHEN "mantissa_intent_score" IS NULL THEN NULL
      WHEN "significant_intent_score" = '' OR "magnitude_intent_score" < (-323) OR ("magnitude_intent_score" = (-323) AND (("significant_intent_score" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_intent_score" > 309 OR ("magnitude_intent_score" = 309 AND (("significant_intent_score" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_intent_score", ',', '') AS DOUBLE PRECISION)
    END AS "v_intent_score",
    CASE WHEN cardinality("items_intent_topics") > 0 THEN "items_intent_topics" END AS "v_intent_topics",
    make_date(CASE WHEN "year_last_pricing_visit" >= 1 AND "month_last_pricing_visit" BETWEEN 1 AND 12 AND "day_last_pricing_visit" BETWEEN 1 AND CASE WHEN "month_last_pricing_visit" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_pricing_visit" = 2 THEN CASE WHEN ((("year_last_pricing_visit" % 4) = 0 AND ("year_last_pricing_visit" % 100) <> 0) OR ("year_last_pricing_visit" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_pricing_visit" END, "month_last_pricing_visit", "day_last_pricing_visit") AS "v_last_pricing_visit",
    "t_name" AS "v_name",
    CASE lower("t_pa_hiring")
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
    END AS "v_pa_hiring",
    CASE WHEN left("t_payroll_countries", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_payroll_countries") < 16 OR (length("digits_payroll_countries") = 16 AND (("digits_payroll_countries" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_payroll_countries" END AS BIGINT) AS "v_payroll_countries",
    "t_region" AS "v_region",
    "t_stage" AS "v_stage",
    CASE WHEN cardinality("items_tech") > 0 THEN "items_tech" END AS "v_tech",
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
    "v_country" AS "f_country",
    COALESCE("v_demo_requested", FALSE) AS "f_demo_requested",
    "v_employees" AS "f_employees",
    COALESCE("v_g2_views_30d", 0) AS "f_g2_views_30d",
    "v_headcount_growth" AS "f_headcount_growth",
    "v_hris" AS "f_hris",
    "v_hris_contract_end" AS "f_hris_contract_end",
    "v_industry" AS "f_industry",
    COALESCE("v_intent_score", 0) AS "f_intent_score",
    "v_intent_topics" AS "f_intent_topics",
    "v_last_pricing_visit" AS "f_last_pricing_visit",
    "v_name" AS "f_name",
    COALESCE("v_pa_hiring", FALSE) AS "f_pa_hiring",
    COALESCE("v_payroll_countries", 1) AS "f_payroll_countries",
    CASE WHEN "v_region" IN ('NA', 'EMEA', 'APAC', 'LATAM') THEN "v_region" END AS "f_region",
    COALESCE(CASE WHEN "v_stage" IN ('closed_won', 'closed_lost', 'open', 'none') THEN "v_stage" END, 'none') AS "f_stage",
    "v_tech" AS "f_tech",
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
        COALESCE("f_employees" BETWEEN 200 AND 2000, FALSE)
        AND (COALESCE("f_country" = 'US', FALSE) OR COALESCE("f_region" = 'EMEA', FALSE))
      )
      AND (NOT (
        COALESCE("f_account_type" IN ('Competitor', 'Customer', 'Partner'), FALSE)
        OR COALESCE("f_industry" = 'government', FALSE)
        OR COALESCE(("f_name" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Tt][Ee][Ss\\u017f][Tt]|[Dd][Ee][Mm][Oo]|[Ss\\u017f][Aa][Nn][Dd][Bb][Oo][Xx])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_employees" BETWEEN 300 AND 1500, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_headcount_growth" >= 10, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_industry" IN ('financial_services', 'healthcare', 'professional_services', 'software'), FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE(("f_tech" && CAST(ARRAY['greenhouse', 'lever', 'okta'] AS TEXT[])), FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 50000000, FALSE) THEN 15 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_intent_score" >= 70, FALSE) THEN 35 ELSE 0 END
      + CASE WHEN (COALESCE("f_intent_score" >= 50, FALSE) AND COALESCE("f_intent_score" < 70, FALSE)) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_last_pricing_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 25 ELSE 0 END
      + CASE WHEN COALESCE("f_g2_views_30d" >= 3, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_demo_requested" = TRUE, FALSE) THEN 25 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "coerced"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 60, FALSE) AND COALESCE("s_intent" >= 60, FALSE))) AS "_match_tier1",
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
      ORDER BY "s_intent" DESC NULLS LAST, "s_fit" DESC NULLS LAST, ("f_account_id" COLLATE "C") ASC NULLS LAST
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
          COALESCE("f_hris" IN ('adp_workforce_now', 'oracle_hcm', 'paylocity', 'sap_successfactors', 'ukg_pro'), FALSE)
          AND COALESCE("f_hris_contract_end" BETWEEN DATE '2026-11-01' AND DATE '2027-07-31', FALSE)
        ) THEN 'hris-replacement'
      WHEN COALESCE("f_hris" IN ('none', 'spreadsheet'), FALSE) THEN 'first-hris'
      WHEN (
          COALESCE("f_payroll_countries" >= 3, FALSE)
          OR COALESCE(("f_tech" && CAST(ARRAY['deel', 'oyster', 'papaya_global', 'remote_com'] AS TEXT[])), FALSE)
        ) THEN 'global-expansion'
      WHEN (
          COALESCE("f_hris" IN ('bamboohr', 'hibob', 'personio', 'rippling', 'workday'), FALSE)
          AND (
            COALESCE(("f_tech" && CAST(ARRAY['looker', 'power_bi', 'tableau'] AS TEXT[])), FALSE)
            OR COALESCE("f_pa_hiring" = TRUE, FALSE)
            OR COALESCE(("f_intent_topics" && CAST(ARRAY['People Analytics', 'Workforce Planning'] AS TEXT[])), FALSE)
          )
        ) THEN 'people-analytics'
      ELSE 'other'
    END AS "_segment"
  FROM "tiers"
  OFFSET 0
),
"audience_matches" AS (
  -- each audience's condition, over every account (audiences overlap)
  SELECT
    *,
    COALESCE("f_hris_contract_end" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) AS "_audience_hris_renewal_90d",
    COALESCE("f_last_pricing_visit" BETWEEN DATE '2026-10-18' AND DATE '2026-11-01', FALSE) AS "_audience_pricing_visitors",
    (COALESCE("f_account_type" = 'Customer', FALSE) AND COALESCE("f_headcount_growth" >= 15, FALSE)) AS "_audience_customer_expansion"
  FROM "segments"
  OFFSET 0
),
"audiences" AS (
  -- the audiences each account is in, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN "_audience_hris_renewal_90d" THEN 'hris-renewal-90d' END,
      CASE WHEN "_audience_pricing_visitors" THEN 'pricing-visitors' END,
      CASE WHEN "_audience_customer_expansion" THEN 'customer-expansion' END
    ) AS "_audiences"
  FROM "audience_matches"
  OFFSET 0
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN COALESCE("_audience_hris_renewal_90d", FALSE) THEN 'ads-hris-renewal' END,
      CASE WHEN COALESCE("_segment" IN ('hris-replacement', 'first-hris', 'global-expansion', 'people-analytics', 'other'), FALSE) THEN 'crm-segment' END,
      CASE WHEN COALESCE("_tier" IN ('tier1', 'tier2', 'tier3'), FALSE) THEN 'crm-tier' END,
      CASE WHEN COALESCE("_segment" IN ('first-hris'), FALSE) THEN 'report-first-hris' END,
      CASE WHEN COALESCE("_segment" IN ('global-expansion'), FALSE) THEN 'report-global-expansion' END,
      CASE WHEN COALESCE("_segment" IN ('hris-replacement'), FALSE) THEN 'report-hris-replacement' END,
      CASE WHEN COALESCE("_segment" IN ('people-analytics'), FALSE) THEN 'report-people-analytics' END,
      CASE WHEN COALESCE("_segment" IN ('first-hris'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'sdr-first-hris' END,
      CASE WHEN COALESCE("_segment" IN ('global-expansion'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'sdr-global-expansion' END,
      CASE WHEN COALESCE("_segment" IN ('hris-replacement'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'sdr-hris-replacement' END,
      CASE WHEN COALESCE("_segment" IN ('people-analytics'), FALSE)
        AND COALESCE("_tier" IN ('tier1', 'tier2'), FALSE) THEN 'sdr-people-analytics' END,
      CASE WHEN COALESCE("_segment" IN ('first-hris'), FALSE) THEN 'web-first-hris' END,
      CASE WHEN COALESCE("_segment" IN ('global-expansion'), FALSE) THEN 'web-global-expansion' END,
      CASE WHEN COALESCE("_segment" IN ('hris-replacement'), FALSE) THEN 'web-hris-replacement' END,
      CASE WHEN COALESCE("_segment" IN ('people-analytics'), FALSE) THEN 'web-people-analytics' END
    ) AS "_activations"
  FROM "audiences"
  OFFSET 0
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations",
  "_audiences" AS "audiences"
FROM "activations"
ORDER BY ("f_account_id" COLLATE "C") NULLS LAST;

-- contacts
-- segform contacts for plan sha256:59748c11d45e9bca56db2c9d459e9adf6253403a5a56eb22eb04978465d8097c (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."Id" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_contact_id",
    NULLIF(btrim((CAST("source"."Department" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_department",
    NULLIF(btrim((CAST("source"."Email" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_email",
    NULLIF(btrim((CAST("source"."FirstName" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_first_name",
    NULLIF(btrim((CAST("source"."LastName" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_name",
    NULLIF(btrim((CAST("source"."Seniority__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_seniority",
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
    "t_email" AS "v_email",
    "t_first_name" AS "v_first_name",
    "t_last_name" AS "v_last_name",
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
    CASE WHEN "v_department" IN ('hr', 'finance', 'it', 'legal', 'procurement', 'security') THEN "v_department" END AS "f_department",
    "v_email" AS "f_email",
    "v_first_name" AS "f_first_name",
    "v_last_name" AS "f_last_name",
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
          COALESCE(("f_title" ~ '(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Cc][Hh][Rr][Oo]|[Cc][Ff][Oo])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
          OR COALESCE(("f_title" ~ E'[Cc][Hh][Ii][Ee][Ff] (?:[Pp][Ee][Oo][Pp][Ll][Ee]|[Hh][Uu][Mm][Aa][Nn] [Rr][Ee][Ss\\u017f][Oo][Uu][Rr][Cc][Ee][Ss\\u017f]|[Ff][Ii][Nn][Aa][Nn][Cc][Ii][Aa][Ll]) [Oo][Ff][Ff][Ii][Cc][Ee][Rr]'), FALSE)
        ) THEN 'economic-buyer'
      WHEN (
          COALESCE("f_department" = 'hr', FALSE)
          AND COALESCE(("f_title" ~ E'(?:[Hh][Rr]|[Pp][Ee][Oo][Pp][Ll][Ee]) [Oo][Pp](?:[Ee][Rr][Aa][Tt][Ii][Oo][Nn])?[Ss\\u017f]|[Hh][Rr][Ii][Ss\\u017f]'), FALSE)
        ) THEN 'champion'
      WHEN COALESCE("f_department" IN ('legal', 'procurement', 'security'), FALSE) THEN 'blocker'
      WHEN (
          COALESCE("f_department" IN ('finance', 'hr', 'it'), FALSE)
          AND COALESCE("f_seniority" IN ('director', 'manager', 'vp'), FALSE)
        ) THEN 'influencer'
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
