-- segform accounts for plan sha256:59748c11d45e9bca56db2c9d459e9adf6253403a5a56eb22eb04978465d8097c (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Type" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Type" AS VARCHAR) WHEN strlen(CAST("source"."Type" AS VARCHAR)) = length(CAST("source"."Type" AS VARCHAR)) THEN trim(CAST("source"."Type" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Type" AS VARCHAR), "constants"."whitespace") END, '') AS "t_account_type",
    CAST("source"."Opportunity_Amount__c" AS VARCHAR) AS "r_amount",
    CASE WHEN regexp_full_match(CAST("source"."Opportunity_Amount__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Opportunity_Amount__c" AS VARCHAR) AS DOUBLE) END AS "q_amount",
    CAST("source"."AnnualRevenue" AS VARCHAR) AS "r_annual_revenue",
    CASE WHEN regexp_full_match(CAST("source"."AnnualRevenue" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."AnnualRevenue" AS VARCHAR) AS DOUBLE) END AS "q_annual_revenue",
    CAST("source"."Opportunity_Close_Date__c" AS VARCHAR) AS "r_close_date",
    CASE WHEN regexp_full_match(CAST("source"."Opportunity_Close_Date__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Opportunity_Close_Date__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Opportunity_Close_Date__c" AS VARCHAR) AS DATE) END AS "q_close_date",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."BillingCountryCode" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."BillingCountryCode" AS VARCHAR) WHEN strlen(CAST("source"."BillingCountryCode" AS VARCHAR)) = length(CAST("source"."BillingCountryCode" AS VARCHAR)) THEN trim(CAST("source"."BillingCountryCode" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."BillingCountryCode" AS VARCHAR), "constants"."whitespace") END, '') AS "t_country",
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
    CAST("source"."G2_Category_Views_30d__c" AS VARCHAR) AS "r_g2_views_30d",
    CASE WHEN regexp_full_match(CAST("source"."G2_Category_Views_30d__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."G2_Category_Views_30d__c" AS VARCHAR) AS BIGINT) END AS "q_g2_views_30d",
    CAST("source"."Employee_Growth_12m__c" AS VARCHAR) AS "r_headcount_growth",
    CASE WHEN regexp_full_match(CAST("source"."Employee_Growth_12m__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Employee_Growth_12m__c" AS VARCHAR) AS DOUBLE) END AS "q_headcount_growth",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Current_HRIS__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Current_HRIS__c" AS VARCHAR) WHEN strlen(CAST("source"."Current_HRIS__c" AS VARCHAR)) = length(CAST("source"."Current_HRIS__c" AS VARCHAR)) THEN trim(CAST("source"."Current_HRIS__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Current_HRIS__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_hris",
    CAST("source"."HRIS_Contract_End__c" AS VARCHAR) AS "r_hris_contract_end",
    CASE WHEN regexp_full_match(CAST("source"."HRIS_Contract_End__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."HRIS_Contract_End__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."HRIS_Contract_End__c" AS VARCHAR) AS DATE) END AS "q_hris_contract_end",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Industry" AS VARCHAR) WHEN strlen(CAST("source"."Industry" AS VARCHAR)) = length(CAST("source"."Industry" AS VARCHAR)) THEN trim(CAST("source"."Industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."Intent_Score__c" AS VARCHAR) AS "r_intent_score",
    CASE WHEN regexp_full_match(CAST("source"."Intent_Score__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Intent_Score__c" AS VARCHAR) AS DOUBLE) END AS "q_intent_score",
    CAST("source"."Intent_Topics__c" AS VARCHAR) AS "r_intent_topics",
    CASE WHEN regexp_full_match(CAST("source"."Intent_Topics__c" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Intent_Topics__c" AS VARCHAR), ';') END AS "q_intent_topics",
    CAST("source"."Last_Pricing_Visit__c" AS VARCHAR) AS "r_last_pricing_visit",
    CASE WHEN regexp_full_match(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR) AS DATE) END AS "q_last_pricing_visit",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Name" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Name" AS VARCHAR) WHEN strlen(CAST("source"."Name" AS VARCHAR)) = length(CAST("source"."Name" AS VARCHAR)) THEN trim(CAST("source"."Name" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Name" AS VARCHAR), "constants"."whitespace") END, '') AS "t_name",
    CAST("source"."People_Analytics_Hiring__c" AS VARCHAR) AS "r_pa_hiring",
    CASE lower(CAST("source"."People_Analytics_Hiring__c" AS VARCHAR))
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
    END AS "q_pa_hiring",
    CAST("source"."Payroll_Countries__c" AS VARCHAR) AS "r_payroll_countries",
    CASE WHEN regexp_full_match(CAST("source"."Payroll_Countries__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."Payroll_Countries__c" AS VARCHAR) AS BIGINT) END AS "q_payroll_countries",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Sales_Region__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Sales_Region__c" AS VARCHAR) WHEN strlen(CAST("source"."Sales_Region__c" AS VARCHAR)) = length(CAST("source"."Sales_Region__c" AS VARCHAR)) THEN trim(CAST("source"."Sales_Region__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Sales_Region__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_region",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Opportunity_Stage__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Opportunity_Stage__c" AS VARCHAR) WHEN strlen(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) = length(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) THEN trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_stage",
    CAST("source"."Technologies" AS VARCHAR) AS "r_tech",
    CASE WHEN regexp_full_match(CAST("source"."Technologies" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Technologies" AS VARCHAR), ';') END AS "q_tech",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Website" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Website" AS VARCHAR) WHEN strlen(CAST("source"."Website" AS VARCHAR)) = length(CAST("source"."Website" AS VARCHAR)) THEN trim(CAST("source"."Website" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Website" AS VARCHAR), "constants"."whitespace") END, '') AS "t_website"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_amount" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_amount", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_amount" WHEN strlen("r_amount") = length("r_amount") THEN trim("r_amount", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_amount", "whitespace") END, '') END AS "t_amount",
    CASE WHEN "q_annual_revenue" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_annual_revenue", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_annual_revenue" WHEN strlen("r_annual_revenue") = length("r_annual_revenue") THEN trim("r_annual_revenue", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_annual_revenue", "whitespace") END, '') END AS "t_annual_revenue",
    CASE WHEN "q_close_date" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_close_date", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_close_date" WHEN strlen("r_close_date") = length("r_close_date") THEN trim("r_close_date", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_close_date", "whitespace") END, '') END AS "t_close_date",
    CASE WHEN "q_demo_requested" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_demo_requested", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_demo_requested" WHEN strlen("r_demo_requested") = length("r_demo_requested") THEN trim("r_demo_requested", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_demo_requested", "whitespace") END, '') END AS "t_demo_requested",
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_g2_views_30d" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_g2_views_30d", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_g2_views_30d" WHEN strlen("r_g2_views_30d") = length("r_g2_views_30d") THEN trim("r_g2_views_30d", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_g2_views_30d", "whitespace") END, '') END AS "t_g2_views_30d",
    CASE WHEN "q_headcount_growth" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_headcount_growth", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_headcount_growth" WHEN strlen("r_headcount_growth") = length("r_headcount_growth") THEN trim("r_headcount_growth", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_headcount_growth", "whitespace") END, '') END AS "t_headcount_growth",
    CASE WHEN "q_hris_contract_end" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_hris_contract_end", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_hris_contract_end" WHEN strlen("r_hris_contract_end") = length("r_hris_contract_end") THEN trim("r_hris_contract_end", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_hris_contract_end", "whitespace") END, '') END AS "t_hris_contract_end",
    CASE WHEN "q_intent_score" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_intent_score", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_intent_score" WHEN strlen("r_intent_score") = length("r_intent_score") THEN trim("r_intent_score", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_intent_score", "whitespace") END, '') END AS "t_intent_score",
    CASE WHEN "q_intent_topics" IS NULL THEN NULLIF("r_intent_topics", '') END AS "t_intent_topics",
    CASE WHEN "q_last_pricing_visit" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_pricing_visit", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_pricing_visit" WHEN strlen("r_last_pricing_visit") = length("r_last_pricing_visit") THEN trim("r_last_pricing_visit", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_pricing_visit", "whitespace") END, '') END AS "t_last_pricing_visit",
    CASE WHEN "q_pa_hiring" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_pa_hiring", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_pa_hiring" WHEN strlen("r_pa_hiring") = length("r_pa_hiring") THEN trim("r_pa_hiring", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_pa_hiring", "whitespace") END, '') END AS "t_pa_hiring",
    CASE WHEN "q_payroll_countries" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_payroll_countries", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_payroll_countries" WHEN strlen("r_payroll_countries") = length("r_payroll_countries") THEN trim("r_payroll_countries", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_payroll_countries", "whitespace") END, '') END AS "t_payroll_countries",
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
      WHEN regexp_full_match("t_annual_revenue", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_annual_revenue" AS DOUBLE)
      WHEN regexp_full_match("t_annual_revenue", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_annual_revenue", ',', '') AS DOUBLE)
    END AS "number_annual_revenue",
    CASE WHEN regexp_full_match("t_close_date", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_close_date", 1, 10) END AS "date_close_date",
    CASE
      WHEN regexp_full_match("t_employees", '[0-9]{1,15}') THEN "t_employees"
      WHEN regexp_full_match("t_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE
      WHEN regexp_full_match("t_g2_views_30d", '[0-9]{1,15}') THEN "t_g2_views_30d"
      WHEN regexp_full_match("t_g2_views_30d", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_g2_views_30d", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_g2_views_30d",
    CASE
      WHEN regexp_full_match("t_headcount_growth", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_headcount_growth" AS DOUBLE)
      WHEN regexp_full_match("t_headcount_growth", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_headcount_growth", ',', '') AS DOUBLE)
    END AS "number_headcount_growth",
    CASE WHEN regexp_full_match("t_hris_contract_end", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_hris_contract_end", 1, 10) END AS "date_hris_contract_end",
    CASE
      WHEN regexp_full_match("t_intent_score", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_intent_score" AS DOUBLE)
      WHEN regexp_full_match("t_intent_score", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_intent_score", ',', '') AS DOUBLE)
    END AS "number_intent_score",
    list_filter(regexp_split_to_array("t_intent_topics", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_intent_topics",
    CASE WHEN regexp_full_match("t_last_pricing_visit", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_pricing_visit", 1, 10) END AS "date_last_pricing_visit",
    CASE
      WHEN regexp_full_match("t_payroll_countries", '[0-9]{1,15}') THEN "t_payroll_countries"
      WHEN regexp_full_match("t_payroll_countries", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_payroll_countries", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_payroll_countries",
    list_filter(regexp_split_to_array("t_tech", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_tech"
  FROM "trimmed_text"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    "t_account_id" AS "v_account_id",
    "t_account_type" AS "v_account_type",
    CASE WHEN "q_amount" IS NOT NULL THEN "q_amount" ELSE CASE WHEN isfinite("number_amount") THEN "number_amount" END END AS "v_amount",
    CASE WHEN "q_annual_revenue" IS NOT NULL THEN "q_annual_revenue" ELSE CASE WHEN isfinite("number_annual_revenue") THEN "number_annual_revenue" END END AS "v_annual_revenue",
    CASE WHEN "q_close_date" IS NOT NULL THEN "q_close_date" ELSE CASE WHEN NOT starts_with("date_close_date", '0000') THEN TRY_CAST("date_close_date" AS DATE) END END AS "v_close_date",
    "t_country" AS "v_country",
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
    CASE WHEN "q_g2_views_30d" IS NOT NULL THEN "q_g2_views_30d" ELSE CASE WHEN left("t_g2_views_30d", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_g2_views_30d") < 16 OR (length("digits_g2_views_30d") = 16 AND ("digits_g2_views_30d" <= '9007199254740991')) THEN '0' || "digits_g2_views_30d" END AS BIGINT) END AS "v_g2_views_30d",
    CASE WHEN "q_headcount_growth" IS NOT NULL THEN "q_headcount_growth" ELSE CASE WHEN isfinite("number_headcount_growth") THEN "number_headcount_growth" END END AS "v_headcount_growth",
    "t_hris" AS "v_hris",
    CASE WHEN "q_hris_contract_end" IS NOT NULL THEN "q_hris_contract_end" ELSE CASE WHEN NOT starts_with("date_hris_contract_end", '0000') THEN TRY_CAST("date_hris_contract_end" AS DATE) END END AS "v_hris_contract_end",
    "t_industry" AS "v_industry",
    CASE WHEN "q_intent_score" IS NOT NULL THEN "q_intent_score" ELSE CASE WHEN isfinite("number_intent_score") THEN "number_intent_score" END END AS "v_intent_score",
    CASE WHEN "q_intent_topics" IS NOT NULL THEN "q_intent_topics" ELSE CASE WHEN len("items_intent_topics") > 0 THEN "items_intent_topics" END END AS "v_intent_topics",
    CASE WHEN "q_last_pricing_visit" IS NOT NULL THEN "q_last_pricing_visit" ELSE CASE WHEN NOT starts_with("date_last_pricing_visit", '0000') THEN TRY_CAST("date_last_pricing_visit" AS DATE) END END AS "v_last_pricing_visit",
    "t_name" AS "v_name",
    CASE WHEN "q_pa_hiring" IS NOT NULL THEN "q_pa_hiring" ELSE CASE lower("t_pa_hiring")
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
    END END AS "v_pa_hiring",
    CASE WHEN "q_payroll_countries" IS NOT NULL THEN "q_payroll_countries" ELSE CASE WHEN left("t_payroll_countries", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_payroll_countries") < 16 OR (length("digits_payroll_countries") = 16 AND ("digits_payroll_countries" <= '9007199254740991')) THEN '0' || "digits_payroll_countries" END AS BIGINT) END AS "v_payroll_countries",
    "t_region" AS "v_region",
    "t_stage" AS "v_stage",
    CASE WHEN "q_tech" IS NOT NULL THEN "q_tech" ELSE CASE WHEN len("items_tech") > 0 THEN "items_tech" END END AS "v_tech",
    "t_website" AS "v_website"
  FROM "text_parts"
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
        OR COALESCE(regexp_full_match("f_name", '(?s:.*?)((?i)\b(test|demo|sandbox)\b)(?s:.*)'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_employees" BETWEEN 300 AND 1500, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_headcount_growth" >= 10, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_industry" IN ('financial_services', 'healthcare', 'professional_services', 'software'), FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE(list_has_any("f_tech", ['greenhouse', 'lever', 'okta']), FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 50000000, FALSE) THEN 15 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_intent_score" >= 70, FALSE) THEN 35 ELSE 0 END
      + CASE WHEN (COALESCE("f_intent_score" >= 50, FALSE) AND COALESCE("f_intent_score" < 70, FALSE)) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_last_pricing_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 25 ELSE 0 END
      + CASE WHEN COALESCE("f_g2_views_30d" >= 3, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_demo_requested" = TRUE, FALSE) THEN 25 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "coerced"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 60, FALSE) AND COALESCE("s_intent" >= 60, FALSE))) AS "_match_tier1",
    ("_icp" AND (COALESCE("s_fit" >= 45, FALSE) AND COALESCE("s_intent" >= 25, FALSE))) AS "_match_tier2",
    "_icp" AS "_match_tier3"
  FROM "scores"
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 60 of the accounts that reach it
  SELECT
    *,
    ("_match_tier1" AND row_number() OVER (
      PARTITION BY "_match_tier1"
      ORDER BY "s_intent" DESC NULLS LAST, "s_fit" DESC NULLS LAST, "f_account_id" ASC NULLS LAST
    ) <= 60) AS "_keep_tier1"
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
      WHEN (
          COALESCE("f_hris" IN ('adp_workforce_now', 'oracle_hcm', 'paylocity', 'sap_successfactors', 'ukg_pro'), FALSE)
          AND COALESCE("f_hris_contract_end" BETWEEN DATE '2026-11-01' AND DATE '2027-07-31', FALSE)
        ) THEN 'hris-replacement'
      WHEN COALESCE("f_hris" IN ('none', 'spreadsheet'), FALSE) THEN 'first-hris'
      WHEN (
          COALESCE("f_payroll_countries" >= 3, FALSE)
          OR COALESCE(list_has_any("f_tech", ['deel', 'oyster', 'papaya_global', 'remote_com']), FALSE)
        ) THEN 'global-expansion'
      WHEN (
          COALESCE("f_hris" IN ('bamboohr', 'hibob', 'personio', 'rippling', 'workday'), FALSE)
          AND (
            COALESCE(list_has_any("f_tech", ['looker', 'power_bi', 'tableau']), FALSE)
            OR COALESCE("f_pa_hiring" = TRUE, FALSE)
            OR COALESCE(list_has_any("f_intent_topics", ['People Analytics', 'Workforce Planning']), FALSE)
          )
        ) THEN 'people-analytics'
      ELSE 'other'
    END AS "_segment"
  FROM "tiers"
),
"audience_matches" AS (
  -- each audience's condition, over every account (audiences overlap)
  SELECT
    *,
    COALESCE("f_hris_contract_end" BETWEEN DATE '2026-11-01' AND DATE '2027-01-30', FALSE) AS "_audience_hris_renewal_90d",
    COALESCE("f_last_pricing_visit" BETWEEN DATE '2026-10-18' AND DATE '2026-11-01', FALSE) AS "_audience_pricing_visitors",
    (COALESCE("f_account_type" = 'Customer', FALSE) AND COALESCE("f_headcount_growth" >= 15, FALSE)) AS "_audience_customer_expansion"
  FROM "segments"
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
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations",
  "_audiences" AS "audiences"
FROM "activations"
ORDER BY "f_account_id" NULLS LAST;

-- contacts
-- segform contacts for plan sha256:59748c11d45e9bca56db2c9d459e9adf6253403a5a56eb22eb04978465d8097c (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Id" AS VARCHAR) WHEN strlen(CAST("source"."Id" AS VARCHAR)) = length(CAST("source"."Id" AS VARCHAR)) THEN trim(CAST("source"."Id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_contact_id",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Department" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Department" AS VARCHAR) WHEN strlen(CAST("source"."Department" AS VARCHAR)) = length(CAST("source"."Department" AS VARCHAR)) THEN trim(CAST("source"."Department" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Department" AS VARCHAR), "constants"."whitespace") END, '') AS "t_department",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Email" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Email" AS VARCHAR) WHEN strlen(CAST("source"."Email" AS VARCHAR)) = length(CAST("source"."Email" AS VARCHAR)) THEN trim(CAST("source"."Email" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Email" AS VARCHAR), "constants"."whitespace") END, '') AS "t_email",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."FirstName" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."FirstName" AS VARCHAR) WHEN strlen(CAST("source"."FirstName" AS VARCHAR)) = length(CAST("source"."FirstName" AS VARCHAR)) THEN trim(CAST("source"."FirstName" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."FirstName" AS VARCHAR), "constants"."whitespace") END, '') AS "t_first_name",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."LastName" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."LastName" AS VARCHAR) WHEN strlen(CAST("source"."LastName" AS VARCHAR)) = length(CAST("source"."LastName" AS VARCHAR)) THEN trim(CAST("source"."LastName" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."LastName" AS VARCHAR), "constants"."whitespace") END, '') AS "t_last_name",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Seniority__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Seniority__c" AS VARCHAR) WHEN strlen(CAST("source"."Seniority__c" AS VARCHAR)) = length(CAST("source"."Seniority__c" AS VARCHAR)) THEN trim(CAST("source"."Seniority__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Seniority__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_seniority",
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
    "t_email" AS "v_email",
    "t_first_name" AS "v_first_name",
    "t_last_name" AS "v_last_name",
    "t_seniority" AS "v_seniority",
    "t_title" AS "v_title"
  FROM "input_text"
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
),
"roles" AS (
  -- the first matching buying-committee role
  SELECT
    *,
    CASE
      WHEN (
          COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)\b(chro|cfo)\b)(?s:.*)'), FALSE)
          OR COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)chief (people|human resources|financial) officer)(?s:.*)'), FALSE)
        ) THEN 'economic-buyer'
      WHEN (
          COALESCE("f_department" = 'hr', FALSE)
          AND COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)(hr|people) op(eration)?s|hris)(?s:.*)'), FALSE)
        ) THEN 'champion'
      WHEN COALESCE("f_department" IN ('legal', 'procurement', 'security'), FALSE) THEN 'blocker'
      WHEN (
          COALESCE("f_department" IN ('finance', 'hr', 'it'), FALSE)
          AND COALESCE("f_seniority" IN ('director', 'manager', 'vp'), FALSE)
        ) THEN 'influencer'
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
