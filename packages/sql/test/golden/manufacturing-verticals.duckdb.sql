-- segform accounts for plan sha256:6fb597be42b4e3a17b03595d10f6cc36c0f8f153d19e7f6016078a67a8f2cb2b (duckdb), as of 2026-11-01; ordered by key
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
    CAST("source"."NumberOfEmployees" AS VARCHAR) AS "r_employees",
    CASE WHEN regexp_full_match(CAST("source"."NumberOfEmployees" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."NumberOfEmployees" AS VARCHAR) AS BIGINT) END AS "q_employees",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."ERP_System__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."ERP_System__c" AS VARCHAR) WHEN strlen(CAST("source"."ERP_System__c" AS VARCHAR)) = length(CAST("source"."ERP_System__c" AS VARCHAR)) THEN trim(CAST("source"."ERP_System__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."ERP_System__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_erp",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Industry" AS VARCHAR) WHEN strlen(CAST("source"."Industry" AS VARCHAR)) = length(CAST("source"."Industry" AS VARCHAR)) THEN trim(CAST("source"."Industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."Intent_Score__c" AS VARCHAR) AS "r_intent_score",
    CASE WHEN regexp_full_match(CAST("source"."Intent_Score__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Intent_Score__c" AS VARCHAR) AS DOUBLE) END AS "q_intent_score",
    CAST("source"."Last_Website_Visit__c" AS VARCHAR) AS "r_last_visit",
    CASE WHEN regexp_full_match(CAST("source"."Last_Website_Visit__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Website_Visit__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Website_Visit__c" AS VARCHAR) AS DATE) END AS "q_last_visit",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."NAICS_Code__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."NAICS_Code__c" AS VARCHAR) WHEN strlen(CAST("source"."NAICS_Code__c" AS VARCHAR)) = length(CAST("source"."NAICS_Code__c" AS VARCHAR)) THEN trim(CAST("source"."NAICS_Code__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."NAICS_Code__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_naics",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Name" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Name" AS VARCHAR) WHEN strlen(CAST("source"."Name" AS VARCHAR)) = length(CAST("source"."Name" AS VARCHAR)) THEN trim(CAST("source"."Name" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Name" AS VARCHAR), "constants"."whitespace") END, '') AS "t_name",
    CAST("source"."Plant_Count__c" AS VARCHAR) AS "r_plants",
    CASE WHEN regexp_full_match(CAST("source"."Plant_Count__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."Plant_Count__c" AS VARCHAR) AS BIGINT) END AS "q_plants",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Opportunity_Stage__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Opportunity_Stage__c" AS VARCHAR) WHEN strlen(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) = length(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) THEN trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_stage",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Sub_Industry__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Sub_Industry__c" AS VARCHAR) WHEN strlen(CAST("source"."Sub_Industry__c" AS VARCHAR)) = length(CAST("source"."Sub_Industry__c" AS VARCHAR)) THEN trim(CAST("source"."Sub_Industry__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Sub_Industry__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_sub_industry",
    CAST("source"."Technologies" AS VARCHAR) AS "r_tech",
    CASE WHEN regexp_full_match(CAST("source"."Technologies" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Technologies" AS VARCHAR), ';') END AS "q_tech",
    CAST("source"."Trade_Show_Lead_Date__c" AS VARCHAR) AS "r_trade_show_lead",
    CASE WHEN regexp_full_match(CAST("source"."Trade_Show_Lead_Date__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Trade_Show_Lead_Date__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Trade_Show_Lead_Date__c" AS VARCHAR) AS DATE) END AS "q_trade_show_lead",
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
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_intent_score" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_intent_score", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_intent_score" WHEN strlen("r_intent_score") = length("r_intent_score") THEN trim("r_intent_score", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_intent_score", "whitespace") END, '') END AS "t_intent_score",
    CASE WHEN "q_last_visit" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_visit", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_visit" WHEN strlen("r_last_visit") = length("r_last_visit") THEN trim("r_last_visit", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_visit", "whitespace") END, '') END AS "t_last_visit",
    CASE WHEN "q_plants" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_plants", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_plants" WHEN strlen("r_plants") = length("r_plants") THEN trim("r_plants", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_plants", "whitespace") END, '') END AS "t_plants",
    CASE WHEN "q_tech" IS NULL THEN NULLIF("r_tech", '') END AS "t_tech",
    CASE WHEN "q_trade_show_lead" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_trade_show_lead", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_trade_show_lead" WHEN strlen("r_trade_show_lead") = length("r_trade_show_lead") THEN trim("r_trade_show_lead", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_trade_show_lead", "whitespace") END, '') END AS "t_trade_show_lead"
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
      WHEN regexp_full_match("t_intent_score", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_intent_score" AS DOUBLE)
      WHEN regexp_full_match("t_intent_score", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_intent_score", ',', '') AS DOUBLE)
    END AS "number_intent_score",
    CASE WHEN regexp_full_match("t_last_visit", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_visit", 1, 10) END AS "date_last_visit",
    CASE
      WHEN regexp_full_match("t_plants", '[0-9]{1,15}') THEN "t_plants"
      WHEN regexp_full_match("t_plants", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_plants", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_plants",
    list_filter(regexp_split_to_array("t_tech", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_tech",
    CASE WHEN regexp_full_match("t_trade_show_lead", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_trade_show_lead", 1, 10) END AS "date_trade_show_lead"
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
    CASE WHEN "q_employees" IS NOT NULL THEN "q_employees" ELSE CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) END AS "v_employees",
    "t_erp" AS "v_erp",
    "t_industry" AS "v_industry",
    CASE WHEN "q_intent_score" IS NOT NULL THEN "q_intent_score" ELSE CASE WHEN isfinite("number_intent_score") THEN "number_intent_score" END END AS "v_intent_score",
    CASE WHEN "q_last_visit" IS NOT NULL THEN "q_last_visit" ELSE CASE WHEN NOT starts_with("date_last_visit", '0000') THEN TRY_CAST("date_last_visit" AS DATE) END END AS "v_last_visit",
    "t_naics" AS "v_naics",
    "t_name" AS "v_name",
    CASE WHEN "q_plants" IS NOT NULL THEN "q_plants" ELSE CASE WHEN left("t_plants", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_plants") < 16 OR (length("digits_plants") = 16 AND ("digits_plants" <= '9007199254740991')) THEN '0' || "digits_plants" END AS BIGINT) END AS "v_plants",
    "t_stage" AS "v_stage",
    "t_sub_industry" AS "v_sub_industry",
    CASE WHEN "q_tech" IS NOT NULL THEN "q_tech" ELSE CASE WHEN len("items_tech") > 0 THEN "items_tech" END END AS "v_tech",
    CASE WHEN "q_trade_show_lead" IS NOT NULL THEN "q_trade_show_lead" ELSE CASE WHEN NOT starts_with("date_trade_show_lead", '0000') THEN TRY_CAST("date_trade_show_lead" AS DATE) END END AS "v_trade_show_lead",
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
    "v_employees" AS "f_employees",
    "v_erp" AS "f_erp",
    "v_industry" AS "f_industry",
    COALESCE("v_intent_score", 0) AS "f_intent_score",
    "v_last_visit" AS "f_last_visit",
    "v_naics" AS "f_naics",
    "v_name" AS "f_name",
    "v_plants" AS "f_plants",
    COALESCE(CASE WHEN "v_stage" IN ('closed_won', 'closed_lost', 'open', 'none') THEN "v_stage" END, 'none') AS "f_stage",
    CASE WHEN "v_sub_industry" IN ('food_and_beverage', 'automotive', 'industrial_equipment', 'electronics', 'chemicals', 'building_materials', 'plastics_and_rubber', 'paper_and_packaging', 'aerospace', 'medical_devices', 'pharmaceuticals', 'metals') THEN "v_sub_industry" END AS "f_sub_industry",
    "v_tech" AS "f_tech",
    "v_trade_show_lead" AS "f_trade_show_lead",
    "v_website" AS "f_website"
  FROM "typed"
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (
      (
        COALESCE("f_industry" = 'manufacturing', FALSE)
        AND COALESCE("f_employees" BETWEEN 100 AND 10000, FALSE)
        AND COALESCE("f_country" IN ('CA', 'DE', 'FR', 'GB', 'IT', 'MX', 'NL', 'PL', 'SE', 'US'), FALSE)
      )
      AND (NOT (
        COALESCE("f_account_type" IN ('Competitor', 'Customer'), FALSE)
        OR COALESCE(regexp_full_match("f_name", '(?s:.*?)((?i)\b(test|demo|sandbox)\b)(?s:.*)'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_employees" BETWEEN 250 AND 5000, FALSE) THEN 25 ELSE 0 END
      + CASE WHEN COALESCE("f_plants" >= 3, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_erp" IN ('microsoft_dynamics_365', 'oracle_ebs', 'sap_ecc', 'sap_s4hana'), FALSE) THEN 25 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 100000000, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE(list_has_any("f_tech", ['aveva', 'ignition', 'rockwell_factorytalk', 'siemens_opcenter']), FALSE) THEN 15 ELSE 0 END,
      0), 100) AS "s_fit",
    CASE
      WHEN "f_intent_score" IS NULL OR "f_intent_score" <= 0 THEN CAST(0 AS DOUBLE)
      WHEN "f_intent_score" >= 100 THEN CAST(100 AS DOUBLE)
      ELSE CAST("f_intent_score" AS DOUBLE)
    END AS "s_intent"
  FROM "coerced"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 70, FALSE) AND COALESCE("s_intent" >= 60, FALSE))) AS "_match_tier1",
    ("_icp" AND (COALESCE("s_fit" >= 50, FALSE) AND COALESCE("s_intent" >= 30, FALSE))) AS "_match_tier2",
    "_icp" AS "_match_tier3"
  FROM "scores"
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 40 of the accounts that reach it
  SELECT
    *,
    ("_match_tier1" AND row_number() OVER (
      PARTITION BY "_match_tier1"
      ORDER BY "s_fit" DESC NULLS LAST, "s_intent" DESC NULLS LAST, "f_account_id" ASC NULLS LAST
    ) <= 40) AS "_keep_tier1"
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
          COALESCE("f_sub_industry" = 'food_and_beverage', FALSE)
          OR (
            ("f_sub_industry" IS NULL)
            AND COALESCE(regexp_full_match("f_naics", '(?s:.*?)(^31[12])(?s:.*)'), FALSE)
          )
        ) THEN 'food-and-beverage'
      WHEN (
          COALESCE("f_sub_industry" = 'automotive', FALSE)
          OR (
            ("f_sub_industry" IS NULL)
            AND COALESCE(regexp_full_match("f_naics", '(?s:.*?)(^336[1-3])(?s:.*)'), FALSE)
          )
        ) THEN 'automotive'
      WHEN (
          COALESCE("f_sub_industry" = 'industrial_equipment', FALSE)
          OR (("f_sub_industry" IS NULL) AND COALESCE(starts_with("f_naics", '333'), FALSE))
        ) THEN 'industrial-equipment'
      WHEN (
          COALESCE("f_sub_industry" = 'electronics', FALSE)
          OR (
            ("f_sub_industry" IS NULL)
            AND COALESCE(regexp_full_match("f_naics", '(?s:.*?)(^(334[1-46-9]|335))(?s:.*)'), FALSE)
          )
        ) THEN 'electronics'
      WHEN (
          COALESCE("f_sub_industry" = 'chemicals', FALSE)
          OR (
            ("f_sub_industry" IS NULL)
            AND COALESCE(regexp_full_match("f_naics", '(?s:.*?)(^325[1-35-9])(?s:.*)'), FALSE)
          )
        ) THEN 'chemicals'
      WHEN (
          COALESCE("f_sub_industry" = 'building_materials', FALSE)
          OR (
            ("f_sub_industry" IS NULL)
            AND COALESCE(regexp_full_match("f_naics", '(?s:.*?)(^(327|3323|3219))(?s:.*)'), FALSE)
          )
        ) THEN 'building-materials'
      ELSE 'other-manufacturing'
    END AS "_segment"
  FROM "tiers"
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('food-and-beverage', 'automotive', 'industrial-equipment', 'electronics', 'chemicals', 'building-materials', 'other-manufacturing'), FALSE) THEN 'crm-segment' END,
      CASE WHEN "_icp" AND COALESCE("_tier" IN ('tier1', 'tier2', 'tier3'), FALSE) THEN 'crm-tier' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('automotive'), FALSE) THEN 'microsite-automotive' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('building-materials'), FALSE) THEN 'microsite-building-materials' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('chemicals'), FALSE) THEN 'microsite-chemicals' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('electronics'), FALSE) THEN 'microsite-electronics' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('food-and-beverage'), FALSE) THEN 'microsite-food-and-beverage' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('industrial-equipment'), FALSE) THEN 'microsite-industrial-equipment' END
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
