-- segform accounts for plan sha256:5281a443a59cf592d11717666e2b88cb35bd765b33f933478df0d85d2385eb55 (snowflake), as of 2026-11-01; ordered by key
WITH
"constants" AS (
  -- JavaScript's String.prototype.trim whitespace; the digits of the largest and smallest doubles' rounding bounds
  SELECT
    '\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS "whitespace",
    '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792' AS "overflow_digits",
    '24703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125' AS "underflow_digits"
),
"input_text" AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    "constants"."whitespace" AS "whitespace",
    "constants"."overflow_digits" AS "overflow_digits",
    "constants"."underflow_digits" AS "underflow_digits",
    NULLIF(trim(CAST("source"."annualrevenue" AS VARCHAR), "constants"."whitespace"), '') AS "t_annual_revenue",
    NULLIF(trim(CAST("source"."business_model" AS VARCHAR), "constants"."whitespace"), '') AS "t_business_model",
    NULLIF(trim(CAST("source"."hs_object_id" AS VARCHAR), "constants"."whitespace"), '') AS "t_company_id",
    NULLIF(trim(CAST("source"."country" AS VARCHAR), "constants"."whitespace"), '') AS "t_country",
    NULLIF(trim(CAST("source"."associated_deal_amount" AS VARCHAR), "constants"."whitespace"), '') AS "t_deal_amount",
    NULLIF(trim(CAST("source"."associated_deal_stage" AS VARCHAR), "constants"."whitespace"), '') AS "t_deal_stage",
    NULLIF(trim(CAST("source"."domain" AS VARCHAR), "constants"."whitespace"), '') AS "t_domain",
    NULLIF(trim(CAST("source"."numberofemployees" AS VARCHAR), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(trim(CAST("source"."g2_comparison_views_30d" AS VARCHAR), "constants"."whitespace"), '') AS "t_g2_comparison_views",
    NULLIF(trim(CAST("source"."industry" AS VARCHAR), "constants"."whitespace"), '') AS "t_industry",
    NULLIF(trim(CAST("source"."last_comparison_page_visit" AS VARCHAR), "constants"."whitespace"), '') AS "t_last_comparison_visit",
    NULLIF(trim(CAST("source"."last_content_download_date" AS VARCHAR), "constants"."whitespace"), '') AS "t_last_content_download",
    NULLIF(trim(CAST("source"."lifecyclestage" AS VARCHAR), "constants"."whitespace"), '') AS "t_lifecycle_stage",
    NULLIF(trim(CAST("source"."name" AS VARCHAR), "constants"."whitespace"), '') AS "t_name",
    NULLIF(trim(CAST("source"."poc_status" AS VARCHAR), "constants"."whitespace"), '') AS "t_poc_status",
    NULLIF(trim(CAST("source"."pricing_page_views_30d" AS VARCHAR), "constants"."whitespace"), '') AS "t_pricing_views",
    NULLIF(trim(CAST("source"."procurement_contact_engaged" AS VARCHAR), "constants"."whitespace"), '') AS "t_procurement_engaged",
    NULLIF(trim(CAST("source"."security_questionnaire_date" AS VARCHAR), "constants"."whitespace"), '') AS "t_security_questionnaire",
    NULLIF(trim(CAST("source"."bombora_topic_surge" AS VARCHAR), "constants"."whitespace"), '') AS "t_surge",
    NULLIF(trim(CAST("source"."bombora_surging_topics" AS VARCHAR), "constants"."whitespace"), '') AS "t_surging_topics",
    NULLIF(trim(CAST("source"."trial_started_date" AS VARCHAR), "constants"."whitespace"), '') AS "t_trial_started"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE WHEN REGEXP_LIKE("t_annual_revenue", '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN REGEXP_REPLACE("t_annual_revenue", '^[+-]|[eE].*$|[.,]', '') END AS "mantissa_annual_revenue",
    length(REGEXP_REPLACE("t_annual_revenue", '^[+-]|[.eE].*$|,', '')) AS "integer_digits_annual_revenue",
    ltrim(REGEXP_REPLACE("t_annual_revenue", '^[^eE]*[eE]?[+-]?', ''), '0') AS "exponent_digits_annual_revenue",
    REGEXP_LIKE("t_annual_revenue", '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_annual_revenue",
    CASE WHEN REGEXP_LIKE("t_deal_amount", '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN REGEXP_REPLACE("t_deal_amount", '^[+-]|[eE].*$|[.,]', '') END AS "mantissa_deal_amount",
    length(REGEXP_REPLACE("t_deal_amount", '^[+-]|[.eE].*$|,', '')) AS "integer_digits_deal_amount",
    ltrim(REGEXP_REPLACE("t_deal_amount", '^[^eE]*[eE]?[+-]?', ''), '0') AS "exponent_digits_deal_amount",
    REGEXP_LIKE("t_deal_amount", '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_deal_amount",
    CASE
      WHEN REGEXP_LIKE("t_employees", '^([0-9]{1,15})$') THEN "t_employees"
      WHEN REGEXP_LIKE("t_employees", '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(REGEXP_REPLACE("t_employees", '^[+-]|[.].*$|,', ''), '0')
    END AS "digits_employees",
    CASE
      WHEN REGEXP_LIKE("t_g2_comparison_views", '^([0-9]{1,15})$') THEN "t_g2_comparison_views"
      WHEN REGEXP_LIKE("t_g2_comparison_views", '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(REGEXP_REPLACE("t_g2_comparison_views", '^[+-]|[.].*$|,', ''), '0')
    END AS "digits_g2_comparison_views",
    CASE WHEN REGEXP_LIKE("t_last_comparison_visit", '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_comparison_visit", 1, 10) END AS "date_last_comparison_visit",
    CASE WHEN REGEXP_LIKE("t_last_content_download", '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_content_download", 1, 10) END AS "date_last_content_download",
    CASE
      WHEN REGEXP_LIKE("t_pricing_views", '^([0-9]{1,15})$') THEN "t_pricing_views"
      WHEN REGEXP_LIKE("t_pricing_views", '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(REGEXP_REPLACE("t_pricing_views", '^[+-]|[.].*$|,', ''), '0')
    END AS "digits_pricing_views",
    CASE WHEN REGEXP_LIKE("t_security_questionnaire", '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_security_questionnaire", 1, 10) END AS "date_security_questionnaire",
    CASE WHEN REGEXP_LIKE("t_surge", '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN REGEXP_REPLACE("t_surge", '^[+-]|[eE].*$|[.,]', '') END AS "mantissa_surge",
    length(REGEXP_REPLACE("t_surge", '^[+-]|[.eE].*$|,', '')) AS "integer_digits_surge",
    ltrim(REGEXP_REPLACE("t_surge", '^[^eE]*[eE]?[+-]?', ''), '0') AS "exponent_digits_surge",
    REGEXP_LIKE("t_surge", '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_surge",
    FILTER(TRANSFORM(SPLIT("t_surging_topics", ';'), item -> TRIM(item::VARCHAR, '\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF')::VARIANT), item -> item::VARCHAR <> '') AS "items_surging_topics",
    CASE WHEN REGEXP_LIKE("t_trial_started", '^([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$') THEN SPLIT_PART("t_trial_started", '/', 3) || '-' || lpad(SPLIT_PART("t_trial_started", '/', 1), 2, '0') || '-' || lpad(SPLIT_PART("t_trial_started", '/', 2), 2, '0') END AS "date_trial_started"
  FROM "input_text"
),
"value_parts" AS (
  -- dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)
  SELECT
    *,
    rtrim(ltrim("mantissa_annual_revenue", '0'), '0') AS "significant_annual_revenue",
    CASE WHEN "mantissa_annual_revenue" IS NOT NULL THEN "integer_digits_annual_revenue" - (length("mantissa_annual_revenue") - length(ltrim("mantissa_annual_revenue", '0'))) + CASE WHEN "exponent_negative_annual_revenue" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_annual_revenue") <= 6 THEN '0' || "exponent_digits_annual_revenue" END AS INTEGER), 9999999) END AS "magnitude_annual_revenue",
    rtrim(ltrim("mantissa_deal_amount", '0'), '0') AS "significant_deal_amount",
    CASE WHEN "mantissa_deal_amount" IS NOT NULL THEN "integer_digits_deal_amount" - (length("mantissa_deal_amount") - length(ltrim("mantissa_deal_amount", '0'))) + CASE WHEN "exponent_negative_deal_amount" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_deal_amount") <= 6 THEN '0' || "exponent_digits_deal_amount" END AS INTEGER), 9999999) END AS "magnitude_deal_amount",
    CAST(substr("date_last_comparison_visit", 1, 4) AS INTEGER) AS "year_last_comparison_visit",
    CAST(substr("date_last_comparison_visit", 6, 2) AS INTEGER) AS "month_last_comparison_visit",
    CAST(substr("date_last_comparison_visit", 9, 2) AS INTEGER) AS "day_last_comparison_visit",
    CAST(substr("date_last_content_download", 1, 4) AS INTEGER) AS "year_last_content_download",
    CAST(substr("date_last_content_download", 6, 2) AS INTEGER) AS "month_last_content_download",
    CAST(substr("date_last_content_download", 9, 2) AS INTEGER) AS "day_last_content_download",
    CAST(substr("date_security_questionnaire", 1, 4) AS INTEGER) AS "year_security_questionnaire",
    CAST(substr("date_security_questionnaire", 6, 2) AS INTEGER) AS "month_security_questionnaire",
    CAST(substr("date_security_questionnaire", 9, 2) AS INTEGER) AS "day_security_questionnaire",
    rtrim(ltrim("mantissa_surge", '0'), '0') AS "significant_surge",
    CASE WHEN "mantissa_surge" IS NOT NULL THEN "integer_digits_surge" - (length("mantissa_surge") - length(ltrim("mantissa_surge", '0'))) + CASE WHEN "exponent_negative_surge" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_surge") <= 6 THEN '0' || "exponent_digits_surge" END AS INTEGER), 9999999) END AS "magnitude_surge",
    CAST(substr("date_trial_started", 1, 4) AS INTEGER) AS "year_trial_started",
    CAST(substr("date_trial_started", 6, 2) AS INTEGER) AS "month_trial_started",
    CAST(substr("date_trial_started", 9, 2) AS INTEGER) AS "day_trial_started"
  FROM "text_parts"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    CASE
      WHEN "mantissa_annual_revenue" IS NULL THEN NULL
      WHEN "significant_annual_revenue" = '' OR "magnitude_annual_revenue" < (-323) OR ("magnitude_annual_revenue" = (-323) AND ("significant_annual_revenue" <= "underflow_digits")) THEN CAST(0 AS FLOAT)
      WHEN "magnitude_annual_revenue" > 309 OR ("magnitude_annual_revenue" = 309 AND ("significant_annual_revenue" >= "overflow_digits")) THEN NULL
      ELSE TRY_CAST(replace("t_annual_revenue", ',', '') AS FLOAT)
    END AS "v_annual_revenue",
    "t_business_model" AS "v_business_model",
    "t_company_id" AS "v_company_id",
    "t_country" AS "v_country",
    CASE
      WHEN "mantissa_deal_amount" IS NULL THEN NULL
      WHEN "significant_deal_amount" = '' OR "magnitude_deal_amount" < (-323) OR ("magnitude_deal_amount" = (-323) AND ("significant_deal_amount" <= "underflow_digits")) THEN CAST(0 AS FLOAT)
      WHEN "magnitude_deal_amount" > 309 OR ("magnitude_deal_amount" = 309 AND ("significant_deal_amount" >= "overflow_digits")) THEN NULL
      ELSE TRY_CAST(replace("t_deal_amount", ',', '') AS FLOAT)
    END AS "v_deal_amount",
    "t_deal_stage" AS "v_deal_stage",
    "t_domain" AS "v_domain",
    CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    CASE WHEN left("t_g2_comparison_views", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_g2_comparison_views") < 16 OR (length("digits_g2_comparison_views") = 16 AND ("digits_g2_comparison_views" <= '9007199254740991')) THEN '0' || "digits_g2_comparison_views" END AS BIGINT) AS "v_g2_comparison_views",
    "t_industry" AS "v_industry",
    DATE_FROM_PARTS(CASE WHEN "year_last_comparison_visit" >= 1 AND "month_last_comparison_visit" BETWEEN 1 AND 12 AND "day_last_comparison_visit" BETWEEN 1 AND CASE WHEN "month_last_comparison_visit" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_comparison_visit" = 2 THEN CASE WHEN ((("year_last_comparison_visit" % 4) = 0 AND ("year_last_comparison_visit" % 100) <> 0) OR ("year_last_comparison_visit" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_comparison_visit" END, "month_last_comparison_visit", "day_last_comparison_visit") AS "v_last_comparison_visit",
    DATE_FROM_PARTS(CASE WHEN "year_last_content_download" >= 1 AND "month_last_content_download" BETWEEN 1 AND 12 AND "day_last_content_download" BETWEEN 1 AND CASE WHEN "month_last_content_download" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_content_download" = 2 THEN CASE WHEN ((("year_last_content_download" % 4) = 0 AND ("year_last_content_download" % 100) <> 0) OR ("year_last_content_download" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_content_download" END, "month_last_content_download", "day_last_content_download") AS "v_last_content_download",
    "t_lifecycle_stage" AS "v_lifecycle_stage",
    "t_name" AS "v_name",
    "t_poc_status" AS "v_poc_status",
    CASE WHEN left("t_pricing_views", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_pricing_views") < 16 OR (length("digits_pricing_views") = 16 AND ("digits_pricing_views" <= '9007199254740991')) THEN '0' || "digits_pricing_views" END AS BIGINT) AS "v_pricing_views",
    CASE lower("t_procurement_engaged")
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
    END AS "v_procurement_engaged",
    DATE_FROM_PARTS(CASE WHEN "year_security_questionnaire" >= 1 AND "month_security_questionnaire" BETWEEN 1 AND 12 AND "day_security_questionnaire" BETWEEN 1 AND CASE WHEN "month_security_questionnaire" IN (4, 6, 9, 11) THEN 30 WHEN "month_security_questionnaire" = 2 THEN CASE WHEN ((("year_security_questionnaire" % 4) = 0 AND ("year_security_questionnaire" % 100) <> 0) OR ("year_security_questionnaire" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_security_questionnaire" END, "month_security_questionnaire", "day_security_questionnaire") AS "v_security_questionnaire",
    CASE
      WHEN "mantissa_surge" IS NULL THEN NULL
      WHEN "significant_surge" = '' OR "magnitude_surge" < (-323) OR ("magnitude_surge" = (-323) AND ("significant_surge" <= "underflow_digits")) THEN CAST(0 AS FLOAT)
      WHEN "magnitude_surge" > 309 OR ("magnitude_surge" = 309 AND ("significant_surge" >= "overflow_digits")) THEN NULL
      ELSE TRY_CAST(replace("t_surge", ',', '') AS FLOAT)
    END AS "v_surge",
    CASE WHEN ARRAY_SIZE("items_surging_topics") > 0 THEN "items_surging_topics" END AS "v_surging_topics",
    DATE_FROM_PARTS(CASE WHEN "year_trial_started" >= 1 AND "month_trial_started" BETWEEN 1 AND 12 AND "day_trial_started" BETWEEN 1 AND CASE WHEN "month_trial_started" IN (4, 6, 9, 11) THEN 30 WHEN "month_trial_started" = 2 THEN CASE WHEN ((("year_trial_started" % 4) = 0 AND ("year_trial_started" % 100) <> 0) OR ("year_trial_started" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_trial_started" END, "month_trial_started", "day_trial_started") AS "v_trial_started"
  FROM "value_parts"
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_annual_revenue" AS "f_annual_revenue",
    CASE WHEN "v_business_model" IN ('b2b_saas', 'b2c_saas', 'marketplace', 'agency', 'ecommerce', 'hardware') THEN "v_business_model" END AS "f_business_model",
    "v_company_id" AS "f_company_id",
    "v_country" AS "f_country",
    "v_deal_amount" AS "f_deal_amount",
    COALESCE(CASE WHEN "v_deal_stage" IN ('closed_won', 'closed_lost', 'open', 'none') THEN "v_deal_stage" END, 'none') AS "f_deal_stage",
    "v_domain" AS "f_domain",
    "v_employees" AS "f_employees",
    COALESCE("v_g2_comparison_views", 0) AS "f_g2_comparison_views",
    "v_industry" AS "f_industry",
    "v_last_comparison_visit" AS "f_last_comparison_visit",
    "v_last_content_download" AS "f_last_content_download",
    CASE WHEN "v_lifecycle_stage" IN ('subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other') THEN "v_lifecycle_stage" END AS "f_lifecycle_stage",
    "v_name" AS "f_name",
    COALESCE(CASE WHEN "v_poc_status" IN ('none', 'requested', 'active', 'completed') THEN "v_poc_status" END, 'none') AS "f_poc_status",
    COALESCE("v_pricing_views", 0) AS "f_pricing_views",
    COALESCE("v_procurement_engaged", FALSE) AS "f_procurement_engaged",
    "v_security_questionnaire" AS "f_security_questionnaire",
    COALESCE("v_surge", 0) AS "f_surge",
    "v_surging_topics" AS "f_surging_topics",
    "v_trial_started" AS "f_trial_started"
  FROM "typed"
),
"computed" AS (
  -- derived fields (compute): doubles, NULL when an operand is missing (but in coalesce) or a divisor is 0
  SELECT
    *,
    floor(("f_annual_revenue" / NULLIF(CAST("f_employees" AS FLOAT), 0)) + CAST(CAST('0.5' AS FLOAT) AS FLOAT)) AS "f_revenue_per_employee"
  FROM "coerced"
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (
      (
        COALESCE("f_business_model" = 'b2b_saas', FALSE)
        AND COALESCE("f_employees" BETWEEN 200 AND 2000, FALSE)
        AND COALESCE("f_country" IN ('United Kingdom', 'United States'), FALSE)
      )
      AND (NOT (
        COALESCE("f_lifecycle_stage" IN ('customer', 'evangelist'), FALSE)
        OR COALESCE((REGEXP_INSTR("f_name", '\\b([Tt][Ee][Ssſ][Tt]|[Dd][Ee][Mm][Oo]|[Ssſ][Aa][Nn][Dd][Bb][Oo][Xx])\\b', 1, 1, 0, 'c') > 0), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS FLOAT)
      + CASE WHEN COALESCE("f_industry" IN ('COMPUTER_NETWORK_SECURITY', 'COMPUTER_SOFTWARE', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'INTERNET'), FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("f_employees" BETWEEN 300 AND 1500, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 50000000, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_lifecycle_stage" IN ('marketingqualifiedlead', 'opportunity', 'salesqualifiedlead'), FALSE) THEN 10 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS FLOAT)
      + CASE WHEN (
          COALESCE("f_security_questionnaire" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_procurement_engaged" = TRUE, FALSE)
        ) THEN 45 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_trial_started" BETWEEN DATE '2026-09-17' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_poc_status" IN ('active', 'requested'), FALSE)
        ) THEN 35 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_g2_comparison_views" >= 2, FALSE)
          OR COALESCE("f_last_comparison_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_pricing_views" >= 3, FALSE)
        ) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_surge" >= 70, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN (COALESCE("f_surge" >= 50, FALSE) AND COALESCE("f_surge" < 70, FALSE)) THEN 10 ELSE 0 END
      + CASE WHEN COALESCE("f_pricing_views" >= 3, FALSE) THEN 10 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "computed"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 60, FALSE) AND COALESCE("s_intent" >= 60, FALSE))) AS "_match_hot",
    ("_icp" AND COALESCE("s_intent" >= 30, FALSE)) AS "_match_warm",
    "_icp" AS "_match_cold"
  FROM "scores"
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 40 of the accounts that reach it
  SELECT
    *,
    ("_match_hot" AND row_number() OVER (
      PARTITION BY "_match_hot"
      ORDER BY "s_intent" DESC NULLS LAST, "s_fit" DESC NULLS LAST, "f_company_id" ASC NULLS LAST
    ) <= 40) AS "_keep_hot"
  FROM "tier_matches"
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_keep_hot" THEN 'hot'
      WHEN "_match_warm" THEN 'warm'
      WHEN "_match_cold" THEN 'cold'
    END AS "_tier"
  FROM "tier_1_capacity"
),
"segments" AS (
  -- the first matching segment, else the fallback; none outside the ICP
  SELECT
    *,
    CASE
      WHEN NOT "_icp" THEN NULL
      WHEN (
          COALESCE("f_security_questionnaire" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_procurement_engaged" = TRUE, FALSE)
        ) THEN 'procurement'
      WHEN (
          COALESCE("f_trial_started" BETWEEN DATE '2026-09-17' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_poc_status" IN ('active', 'requested'), FALSE)
        ) THEN 'evaluating-proof'
      WHEN (
          COALESCE("f_g2_comparison_views" >= 2, FALSE)
          OR COALESCE("f_last_comparison_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE)
          OR COALESCE("f_pricing_views" >= 3, FALSE)
        ) THEN 'comparing-vendors'
      WHEN (
          COALESCE("f_surge" >= 50, FALSE)
          OR COALESCE(ARRAYS_OVERLAP("f_surging_topics", ARRAY_CONSTRUCT('Account-Based Marketing', 'Intent Data', 'Revenue Operations', 'Sales Intelligence')), FALSE)
          OR COALESCE("f_last_content_download" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE)
        ) THEN 'research'
      ELSE 'not-in-market'
    END AS "_segment"
  FROM "tiers"
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('procurement', 'evaluating-proof', 'comparing-vendors', 'research', 'not-in-market'), FALSE) THEN 'hubspot-stage' END,
      CASE WHEN "_icp" AND COALESCE("_tier" IN ('hot', 'warm', 'cold'), FALSE) THEN 'hubspot-tier' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('comparing-vendors'), FALSE) THEN 'li-comparing-vendors' END,
      CASE WHEN "_icp" AND COALESCE("_tier" IN ('hot'), FALSE) THEN 'li-hot-accounts' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('research'), FALSE) THEN 'li-research' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('comparing-vendors'), FALSE)
        AND COALESCE("_tier" IN ('hot', 'warm'), FALSE) THEN 'play-comparing-vendors' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('evaluating-proof'), FALSE) THEN 'play-evaluating-proof' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('procurement'), FALSE) THEN 'play-procurement' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('research'), FALSE) THEN 'play-research' END
    ), ';') AS "_activations"
  FROM "segments"
)
SELECT
  "f_company_id" AS "company_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS FLOAT) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS FLOAT) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY "f_company_id" NULLS LAST;

-- contacts
-- segform contacts for plan sha256:5281a443a59cf592d11717666e2b88cb35bd765b33f933478df0d85d2385eb55 (snowflake), as of 2026-11-01; ordered by key
WITH
"constants" AS (
  -- JavaScript's String.prototype.trim whitespace
  SELECT
    '\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS "whitespace"
),
"input_text" AS (
  -- every declared column as text, trimmed; empty text is missing
  SELECT
    "constants"."whitespace" AS "whitespace",
    NULLIF(trim(CAST("source"."associatedcompanyid" AS VARCHAR), "constants"."whitespace"), '') AS "t_company_id",
    NULLIF(trim(CAST("source"."hs_object_id" AS VARCHAR), "constants"."whitespace"), '') AS "t_contact_id",
    NULLIF(trim(CAST("source"."email" AS VARCHAR), "constants"."whitespace"), '') AS "t_email",
    NULLIF(trim(CAST("source"."firstname" AS VARCHAR), "constants"."whitespace"), '') AS "t_first_name",
    NULLIF(trim(CAST("source"."job_function" AS VARCHAR), "constants"."whitespace"), '') AS "t_job_function",
    NULLIF(trim(CAST("source"."jobtitle" AS VARCHAR), "constants"."whitespace"), '') AS "t_job_title",
    NULLIF(trim(CAST("source"."lastname" AS VARCHAR), "constants"."whitespace"), '') AS "t_last_name",
    NULLIF(trim(CAST("source"."seniority" AS VARCHAR), "constants"."whitespace"), '') AS "t_seniority"
  FROM "contacts" AS "source"
  CROSS JOIN "constants"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_company_id" AS "v_company_id",
    "t_contact_id" AS "v_contact_id",
    "t_email" AS "v_email",
    "t_first_name" AS "v_first_name",
    "t_job_function" AS "v_job_function",
    "t_job_title" AS "v_job_title",
    "t_last_name" AS "v_last_name",
    "t_seniority" AS "v_seniority"
  FROM "input_text"
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_company_id" AS "f_company_id",
    "v_contact_id" AS "f_contact_id",
    "v_email" AS "f_email",
    "v_first_name" AS "f_first_name",
    CASE WHEN "v_job_function" IN ('executive', 'sales', 'marketing', 'revenue_operations', 'procurement', 'security', 'legal') THEN "v_job_function" END AS "f_job_function",
    "v_job_title" AS "f_job_title",
    "v_last_name" AS "f_last_name",
    CASE WHEN "v_seniority" IN ('c_level', 'vp', 'director', 'manager', 'individual') THEN "v_seniority" END AS "f_seniority"
  FROM "typed"
),
"roles" AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN (
          COALESCE("f_job_function" IN ('executive', 'marketing', 'sales'), FALSE)
          AND COALESCE("f_seniority" IN ('c_level', 'vp'), FALSE)
        ) THEN 'economic-buyer'
      WHEN (
          COALESCE("f_seniority" IN ('director', 'manager', 'vp'), FALSE)
          AND (
            COALESCE("f_job_function" = 'revenue_operations', FALSE)
            OR (
              COALESCE("f_job_function" = 'marketing', FALSE)
              AND COALESCE((REGEXP_INSTR("f_job_title", '[Oo][Pp][Ee][Rr][Aa][Tt][Ii][Oo][Nn][Ssſ]|[Dd][Ee][Mm][Aa][Nn][Dd] [Gg][Ee][Nn]', 1, 1, 0, 'c') > 0), FALSE)
            )
          )
        ) THEN 'champion'
      WHEN COALESCE("f_job_function" IN ('legal', 'procurement', 'security'), FALSE) THEN 'blocker'
      WHEN COALESCE("f_seniority" IN ('director', 'manager'), FALSE) THEN 'influencer'
      WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
    END AS "_role"
  FROM "coerced"
)
SELECT
  "f_contact_id" AS "contact_id",
  "f_company_id" AS "company_id",
  "_role" AS "role"
FROM "roles"
ORDER BY "f_contact_id" NULLS LAST;
