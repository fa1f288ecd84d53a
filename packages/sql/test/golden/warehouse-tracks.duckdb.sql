-- segform accounts for plan sha256:88efe1037e5909f079656c1f1761c9612620d8fd98f21e49dec7ab8c2a509b32 (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Cloud_Provider__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Cloud_Provider__c" AS VARCHAR) WHEN strlen(CAST("source"."Cloud_Provider__c" AS VARCHAR)) = length(CAST("source"."Cloud_Provider__c" AS VARCHAR)) THEN trim(CAST("source"."Cloud_Provider__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Cloud_Provider__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_cloud",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."BillingCountryCode" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."BillingCountryCode" AS VARCHAR) WHEN strlen(CAST("source"."BillingCountryCode" AS VARCHAR)) = length(CAST("source"."BillingCountryCode" AS VARCHAR)) THEN trim(CAST("source"."BillingCountryCode" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."BillingCountryCode" AS VARCHAR), "constants"."whitespace") END, '') AS "t_country",
    CAST("source"."Data_Team_Size__c" AS VARCHAR) AS "r_data_team_size",
    CASE WHEN regexp_full_match(CAST("source"."Data_Team_Size__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."Data_Team_Size__c" AS VARCHAR) AS BIGINT) END AS "q_data_team_size",
    CAST("source"."Docs_Visits_30d__c" AS VARCHAR) AS "r_docs_visits_30d",
    CASE WHEN regexp_full_match(CAST("source"."Docs_Visits_30d__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."Docs_Visits_30d__c" AS VARCHAR) AS BIGINT) END AS "q_docs_visits_30d",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."NumberOfEmployees" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."NumberOfEmployees" AS VARCHAR) WHEN strlen(CAST("source"."NumberOfEmployees" AS VARCHAR)) = length(CAST("source"."NumberOfEmployees" AS VARCHAR)) THEN trim(CAST("source"."NumberOfEmployees" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."NumberOfEmployees" AS VARCHAR), "constants"."whitespace") END, '') AS "t_employees",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Industry" AS VARCHAR) WHEN strlen(CAST("source"."Industry" AS VARCHAR)) = length(CAST("source"."Industry" AS VARCHAR)) THEN trim(CAST("source"."Industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."Intent_Score__c" AS VARCHAR) AS "r_intent_score",
    CASE WHEN regexp_full_match(CAST("source"."Intent_Score__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Intent_Score__c" AS VARCHAR) AS DOUBLE) END AS "q_intent_score",
    CAST("source"."Last_Docs_Visit__c" AS VARCHAR) AS "r_last_docs_visit",
    CASE WHEN regexp_full_match(CAST("source"."Last_Docs_Visit__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Docs_Visit__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Docs_Visit__c" AS VARCHAR) AS DATE) END AS "q_last_docs_visit",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Name" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Name" AS VARCHAR) WHEN strlen(CAST("source"."Name" AS VARCHAR)) = length(CAST("source"."Name" AS VARCHAR)) THEN trim(CAST("source"."Name" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Name" AS VARCHAR), "constants"."whitespace") END, '') AS "t_name",
    CAST("source"."Open_Data_Roles__c" AS VARCHAR) AS "r_open_data_roles",
    CASE WHEN regexp_full_match(CAST("source"."Open_Data_Roles__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."Open_Data_Roles__c" AS VARCHAR) AS BIGINT) END AS "q_open_data_roles",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Primary_Data_Warehouse__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Primary_Data_Warehouse__c" AS VARCHAR) WHEN strlen(CAST("source"."Primary_Data_Warehouse__c" AS VARCHAR)) = length(CAST("source"."Primary_Data_Warehouse__c" AS VARCHAR)) THEN trim(CAST("source"."Primary_Data_Warehouse__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Primary_Data_Warehouse__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_primary_warehouse",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Opportunity_Stage__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Opportunity_Stage__c" AS VARCHAR) WHEN strlen(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) = length(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) THEN trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_stage",
    CAST("source"."Tech_Scan_Date__c" AS VARCHAR) AS "r_tech_scan_date",
    CASE WHEN regexp_full_match(CAST("source"."Tech_Scan_Date__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Tech_Scan_Date__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Tech_Scan_Date__c" AS VARCHAR) AS DATE) END AS "q_tech_scan_date",
    CAST("source"."Tech_Stack__c" AS VARCHAR) AS "r_tech_stack",
    CASE WHEN regexp_full_match(CAST("source"."Tech_Stack__c" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Tech_Stack__c" AS VARCHAR), ';') END AS "q_tech_stack",
    CAST("source"."Trial_Started__c" AS VARCHAR) AS "r_trial_started",
    CASE WHEN regexp_full_match(CAST("source"."Trial_Started__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Trial_Started__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Trial_Started__c" AS VARCHAR) AS DATE) END AS "q_trial_started",
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
    CASE WHEN "q_data_team_size" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_data_team_size", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_data_team_size" WHEN strlen("r_data_team_size") = length("r_data_team_size") THEN trim("r_data_team_size", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_data_team_size", "whitespace") END, '') END AS "t_data_team_size",
    CASE WHEN "q_docs_visits_30d" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_docs_visits_30d", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_docs_visits_30d" WHEN strlen("r_docs_visits_30d") = length("r_docs_visits_30d") THEN trim("r_docs_visits_30d", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_docs_visits_30d", "whitespace") END, '') END AS "t_docs_visits_30d",
    CASE WHEN "q_intent_score" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_intent_score", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_intent_score" WHEN strlen("r_intent_score") = length("r_intent_score") THEN trim("r_intent_score", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_intent_score", "whitespace") END, '') END AS "t_intent_score",
    CASE WHEN "q_last_docs_visit" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_docs_visit", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_docs_visit" WHEN strlen("r_last_docs_visit") = length("r_last_docs_visit") THEN trim("r_last_docs_visit", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_docs_visit", "whitespace") END, '') END AS "t_last_docs_visit",
    CASE WHEN "q_open_data_roles" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_open_data_roles", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_open_data_roles" WHEN strlen("r_open_data_roles") = length("r_open_data_roles") THEN trim("r_open_data_roles", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_open_data_roles", "whitespace") END, '') END AS "t_open_data_roles",
    CASE WHEN "q_tech_scan_date" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_tech_scan_date", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_tech_scan_date" WHEN strlen("r_tech_scan_date") = length("r_tech_scan_date") THEN trim("r_tech_scan_date", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_tech_scan_date", "whitespace") END, '') END AS "t_tech_scan_date",
    CASE WHEN "q_tech_stack" IS NULL THEN NULLIF("r_tech_stack", '') END AS "t_tech_stack",
    CASE WHEN "q_trial_started" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_trial_started", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_trial_started" WHEN strlen("r_trial_started") = length("r_trial_started") THEN trim("r_trial_started", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_trial_started", "whitespace") END, '') END AS "t_trial_started"
  FROM "input_text"
),
"normalized" AS (
  -- placeholders (null_values, any ASCII case) are missing; case folds ASCII letters
  SELECT
    *,
    CASE WHEN strlen("t_cloud") = length("t_cloud") THEN lower("t_cloud") ELSE translate("t_cloud", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END AS "n_cloud",
    CASE WHEN CASE WHEN strlen("t_employees") = length("t_employees") THEN lower("t_employees") ELSE translate("t_employees", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END IN ('n/a', 'unknown') THEN NULL ELSE "t_employees" END AS "n_employees"
  FROM "trimmed_text"
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
      WHEN regexp_full_match("t_data_team_size", '[0-9]{1,15}') THEN "t_data_team_size"
      WHEN regexp_full_match("t_data_team_size", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_data_team_size", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_data_team_size",
    CASE
      WHEN regexp_full_match("t_docs_visits_30d", '[0-9]{1,15}') THEN "t_docs_visits_30d"
      WHEN regexp_full_match("t_docs_visits_30d", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_docs_visits_30d", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_docs_visits_30d",
    CASE
      WHEN regexp_full_match("n_employees", '[0-9]{1,15}') THEN "n_employees"
      WHEN regexp_full_match("n_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("n_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE
      WHEN regexp_full_match("t_intent_score", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_intent_score" AS DOUBLE)
      WHEN regexp_full_match("t_intent_score", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_intent_score", ',', '') AS DOUBLE)
    END AS "number_intent_score",
    CASE WHEN regexp_full_match("t_last_docs_visit", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_docs_visit", 1, 10) END AS "date_last_docs_visit",
    CASE
      WHEN regexp_full_match("t_open_data_roles", '[0-9]{1,15}') THEN "t_open_data_roles"
      WHEN regexp_full_match("t_open_data_roles", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_open_data_roles", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_open_data_roles",
    CASE WHEN regexp_full_match("t_tech_scan_date", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_tech_scan_date", 1, 10) END AS "date_tech_scan_date",
    list_filter(regexp_split_to_array("t_tech_stack", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_tech_stack",
    CASE WHEN regexp_full_match("t_trial_started", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_trial_started", 1, 10) END AS "date_trial_started"
  FROM "normalized"
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
    "n_cloud" AS "v_cloud",
    "t_country" AS "v_country",
    CASE WHEN "q_data_team_size" IS NOT NULL THEN "q_data_team_size" ELSE CASE WHEN left("t_data_team_size", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_data_team_size") < 16 OR (length("digits_data_team_size") = 16 AND ("digits_data_team_size" <= '9007199254740991')) THEN '0' || "digits_data_team_size" END AS BIGINT) END AS "v_data_team_size",
    CASE WHEN "q_docs_visits_30d" IS NOT NULL THEN "q_docs_visits_30d" ELSE CASE WHEN left("t_docs_visits_30d", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_docs_visits_30d") < 16 OR (length("digits_docs_visits_30d") = 16 AND ("digits_docs_visits_30d" <= '9007199254740991')) THEN '0' || "digits_docs_visits_30d" END AS BIGINT) END AS "v_docs_visits_30d",
    CASE WHEN left("n_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    "t_industry" AS "v_industry",
    CASE WHEN "q_intent_score" IS NOT NULL THEN "q_intent_score" ELSE CASE WHEN isfinite("number_intent_score") THEN "number_intent_score" END END AS "v_intent_score",
    CASE WHEN "q_last_docs_visit" IS NOT NULL THEN "q_last_docs_visit" ELSE CASE WHEN NOT starts_with("date_last_docs_visit", '0000') THEN TRY_CAST("date_last_docs_visit" AS DATE) END END AS "v_last_docs_visit",
    "t_name" AS "v_name",
    CASE WHEN "q_open_data_roles" IS NOT NULL THEN "q_open_data_roles" ELSE CASE WHEN left("t_open_data_roles", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_open_data_roles") < 16 OR (length("digits_open_data_roles") = 16 AND ("digits_open_data_roles" <= '9007199254740991')) THEN '0' || "digits_open_data_roles" END AS BIGINT) END AS "v_open_data_roles",
    "t_primary_warehouse" AS "v_primary_warehouse",
    "t_stage" AS "v_stage",
    CASE WHEN "q_tech_scan_date" IS NOT NULL THEN "q_tech_scan_date" ELSE CASE WHEN NOT starts_with("date_tech_scan_date", '0000') THEN TRY_CAST("date_tech_scan_date" AS DATE) END END AS "v_tech_scan_date",
    CASE WHEN "q_tech_stack" IS NOT NULL THEN "q_tech_stack" ELSE CASE WHEN len("items_tech_stack") > 0 THEN "items_tech_stack" END END AS "v_tech_stack",
    CASE WHEN "q_trial_started" IS NOT NULL THEN "q_trial_started" ELSE CASE WHEN NOT starts_with("date_trial_started", '0000') THEN TRY_CAST("date_trial_started" AS DATE) END END AS "v_trial_started",
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
        OR COALESCE(regexp_full_match("f_name", '(?s:.*?)((?i)\b(test|demo|sandbox)\b)(?s:.*)'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_data_team_size" >= 10, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_data_team_size" BETWEEN 3 AND 9, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_employees" BETWEEN 200 AND 5000, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE(list_has_any("f_tech_stack", ['airbyte', 'airflow', 'dagster', 'dbt', 'fivetran']), FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE(CASE WHEN "f_tech_stack" IS NULL THEN NULL ELSE len("f_tech_stack") END >= 8, FALSE) THEN 5 ELSE 0 END
      + CASE WHEN (
          (
            COALESCE("f_primary_warehouse" = 'snowflake', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(list_contains("f_tech_stack", 'snowflake'), FALSE)
            )
          )
          OR (
            COALESCE("f_primary_warehouse" = 'databricks', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(list_contains("f_tech_stack", 'databricks'), FALSE)
            )
          )
          OR (
            COALESCE("f_primary_warehouse" = 'bigquery', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(list_contains("f_tech_stack", 'bigquery'), FALSE)
            )
          )
          OR (
            COALESCE("f_primary_warehouse" = 'redshift', FALSE)
            OR (
              (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
              AND COALESCE(list_contains("f_tech_stack", 'redshift'), FALSE)
            )
          )
        ) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_tech_scan_date" BETWEEN DATE '2026-05-05' AND DATE '2026-11-01', FALSE) THEN 10 ELSE 0 END
      + CASE WHEN (NOT COALESCE("f_tech_scan_date" BETWEEN DATE '2025-11-01' AND DATE '2026-11-01', FALSE)) THEN (-20) ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
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
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 65, FALSE) AND COALESCE("s_intent" >= 55, FALSE))) AS "_match_tier1",
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
      ORDER BY "s_fit" DESC NULLS LAST, "s_intent" DESC NULLS LAST, "f_account_id" ASC NULLS LAST
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
          COALESCE("f_primary_warehouse" = 'snowflake', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(list_contains("f_tech_stack", 'snowflake'), FALSE)
          )
        ) THEN 'snowflake'
      WHEN (
          COALESCE("f_primary_warehouse" = 'databricks', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(list_contains("f_tech_stack", 'databricks'), FALSE)
          )
        ) THEN 'databricks'
      WHEN (
          COALESCE("f_primary_warehouse" = 'bigquery', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(list_contains("f_tech_stack", 'bigquery'), FALSE)
          )
        ) THEN 'bigquery'
      WHEN (
          COALESCE("f_primary_warehouse" = 'redshift', FALSE)
          OR (
            (NOT COALESCE("f_primary_warehouse" IN ('bigquery', 'databricks', 'redshift', 'snowflake'), FALSE))
            AND COALESCE(list_contains("f_tech_stack", 'redshift'), FALSE)
          )
        ) THEN 'redshift'
      ELSE 'other-stack'
    END AS "_segment"
  FROM "tiers"
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
