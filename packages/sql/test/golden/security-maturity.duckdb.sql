-- segform accounts for plan sha256:d19d54f97257b8825b9530d4aca13f25bf16ef71e1ed680c1f6ecf2daeaa2365 (duckdb), as of 2026-11-01; ordered by key
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
    CAST("source"."Cloud_Providers__c" AS VARCHAR) AS "r_clouds",
    CASE WHEN regexp_full_match(CAST("source"."Cloud_Providers__c" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Cloud_Providers__c" AS VARCHAR), ';') END AS "q_clouds",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."BillingCountryCode" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."BillingCountryCode" AS VARCHAR) WHEN strlen(CAST("source"."BillingCountryCode" AS VARCHAR)) = length(CAST("source"."BillingCountryCode" AS VARCHAR)) THEN trim(CAST("source"."BillingCountryCode" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."BillingCountryCode" AS VARCHAR), "constants"."whitespace") END, '') AS "t_country",
    CAST("source"."NumberOfEmployees" AS VARCHAR) AS "r_employees",
    CASE WHEN regexp_full_match(CAST("source"."NumberOfEmployees" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."NumberOfEmployees" AS VARCHAR) AS BIGINT) END AS "q_employees",
    CAST("source"."Compliance_Frameworks__c" AS VARCHAR) AS "r_frameworks",
    CASE WHEN regexp_full_match(CAST("source"."Compliance_Frameworks__c" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Compliance_Frameworks__c" AS VARCHAR), ';') END AS "q_frameworks",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Industry" AS VARCHAR) WHEN strlen(CAST("source"."Industry" AS VARCHAR)) = length(CAST("source"."Industry" AS VARCHAR)) THEN trim(CAST("source"."Industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."Last_Breach_Date__c" AS VARCHAR) AS "r_last_breach",
    CASE WHEN regexp_full_match(CAST("source"."Last_Breach_Date__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Breach_Date__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Breach_Date__c" AS VARCHAR) AS DATE) END AS "q_last_breach",
    CAST("source"."Last_Pricing_Visit__c" AS VARCHAR) AS "r_last_pricing_visit",
    CASE WHEN regexp_full_match(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Pricing_Visit__c" AS VARCHAR) AS DATE) END AS "q_last_pricing_visit",
    CAST("source"."Last_Security_Job_Post__c" AS VARCHAR) AS "r_last_security_job_post",
    CASE WHEN regexp_full_match(CAST("source"."Last_Security_Job_Post__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Security_Job_Post__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Security_Job_Post__c" AS VARCHAR) AS DATE) END AS "q_last_security_job_post",
    CAST("source"."Last_Webinar_Date__c" AS VARCHAR) AS "r_last_webinar",
    CASE WHEN regexp_full_match(CAST("source"."Last_Webinar_Date__c" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."Last_Webinar_Date__c" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."Last_Webinar_Date__c" AS VARCHAR) AS DATE) END AS "q_last_webinar",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Name" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Name" AS VARCHAR) WHEN strlen(CAST("source"."Name" AS VARCHAR)) = length(CAST("source"."Name" AS VARCHAR)) THEN trim(CAST("source"."Name" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Name" AS VARCHAR), "constants"."whitespace") END, '') AS "t_name",
    CAST("source"."Security_Stack__c" AS VARCHAR) AS "r_security_stack",
    CASE WHEN regexp_full_match(CAST("source"."Security_Stack__c" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."Security_Stack__c" AS VARCHAR), ';') END AS "q_security_stack",
    CAST("source"."Security_Tool_Count__c" AS VARCHAR) AS "r_security_tool_count",
    CASE WHEN regexp_full_match(CAST("source"."Security_Tool_Count__c" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."Security_Tool_Count__c" AS VARCHAR) AS BIGINT) END AS "q_security_tool_count",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."Opportunity_Stage__c" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."Opportunity_Stage__c" AS VARCHAR) WHEN strlen(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) = length(CAST("source"."Opportunity_Stage__c" AS VARCHAR)) THEN trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."Opportunity_Stage__c" AS VARCHAR), "constants"."whitespace") END, '') AS "t_stage",
    CAST("source"."Bombora_Surge__c" AS VARCHAR) AS "r_surge",
    CASE WHEN regexp_full_match(CAST("source"."Bombora_Surge__c" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."Bombora_Surge__c" AS VARCHAR) AS DOUBLE) END AS "q_surge",
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
    CASE WHEN "q_clouds" IS NULL THEN NULLIF("r_clouds", '') END AS "t_clouds",
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_frameworks" IS NULL THEN NULLIF("r_frameworks", '') END AS "t_frameworks",
    CASE WHEN "q_last_breach" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_breach", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_breach" WHEN strlen("r_last_breach") = length("r_last_breach") THEN trim("r_last_breach", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_breach", "whitespace") END, '') END AS "t_last_breach",
    CASE WHEN "q_last_pricing_visit" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_pricing_visit", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_pricing_visit" WHEN strlen("r_last_pricing_visit") = length("r_last_pricing_visit") THEN trim("r_last_pricing_visit", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_pricing_visit", "whitespace") END, '') END AS "t_last_pricing_visit",
    CASE WHEN "q_last_security_job_post" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_security_job_post", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_security_job_post" WHEN strlen("r_last_security_job_post") = length("r_last_security_job_post") THEN trim("r_last_security_job_post", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_security_job_post", "whitespace") END, '') END AS "t_last_security_job_post",
    CASE WHEN "q_last_webinar" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_webinar", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_webinar" WHEN strlen("r_last_webinar") = length("r_last_webinar") THEN trim("r_last_webinar", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_webinar", "whitespace") END, '') END AS "t_last_webinar",
    CASE WHEN "q_security_stack" IS NULL THEN NULLIF("r_security_stack", '') END AS "t_security_stack",
    CASE WHEN "q_security_tool_count" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_security_tool_count", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_security_tool_count" WHEN strlen("r_security_tool_count") = length("r_security_tool_count") THEN trim("r_security_tool_count", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_security_tool_count", "whitespace") END, '') END AS "t_security_tool_count",
    CASE WHEN "q_surge" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_surge", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_surge" WHEN strlen("r_surge") = length("r_surge") THEN trim("r_surge", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_surge", "whitespace") END, '') END AS "t_surge"
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
    list_filter(regexp_split_to_array("t_clouds", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_clouds",
    CASE
      WHEN regexp_full_match("t_employees", '[0-9]{1,15}') THEN "t_employees"
      WHEN regexp_full_match("t_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    list_filter(regexp_split_to_array("t_frameworks", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_frameworks",
    CASE WHEN regexp_full_match("t_last_breach", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_breach", 1, 10) END AS "date_last_breach",
    CASE WHEN regexp_full_match("t_last_pricing_visit", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_pricing_visit", 1, 10) END AS "date_last_pricing_visit",
    CASE WHEN regexp_full_match("t_last_security_job_post", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_security_job_post", 1, 10) END AS "date_last_security_job_post",
    CASE WHEN regexp_full_match("t_last_webinar", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_webinar", 1, 10) END AS "date_last_webinar",
    list_filter(regexp_split_to_array("t_security_stack", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_security_stack",
    CASE
      WHEN regexp_full_match("t_security_tool_count", '[0-9]{1,15}') THEN "t_security_tool_count"
      WHEN regexp_full_match("t_security_tool_count", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_security_tool_count", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_security_tool_count",
    CASE
      WHEN regexp_full_match("t_surge", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_surge" AS DOUBLE)
      WHEN regexp_full_match("t_surge", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_surge", ',', '') AS DOUBLE)
    END AS "number_surge"
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
    CASE WHEN "q_clouds" IS NOT NULL THEN "q_clouds" ELSE CASE WHEN len("items_clouds") > 0 THEN "items_clouds" END END AS "v_clouds",
    "t_country" AS "v_country",
    CASE WHEN "q_employees" IS NOT NULL THEN "q_employees" ELSE CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) END AS "v_employees",
    CASE WHEN "q_frameworks" IS NOT NULL THEN "q_frameworks" ELSE CASE WHEN len("items_frameworks") > 0 THEN "items_frameworks" END END AS "v_frameworks",
    "t_industry" AS "v_industry",
    CASE WHEN "q_last_breach" IS NOT NULL THEN "q_last_breach" ELSE CASE WHEN NOT starts_with("date_last_breach", '0000') THEN TRY_CAST("date_last_breach" AS DATE) END END AS "v_last_breach",
    CASE WHEN "q_last_pricing_visit" IS NOT NULL THEN "q_last_pricing_visit" ELSE CASE WHEN NOT starts_with("date_last_pricing_visit", '0000') THEN TRY_CAST("date_last_pricing_visit" AS DATE) END END AS "v_last_pricing_visit",
    CASE WHEN "q_last_security_job_post" IS NOT NULL THEN "q_last_security_job_post" ELSE CASE WHEN NOT starts_with("date_last_security_job_post", '0000') THEN TRY_CAST("date_last_security_job_post" AS DATE) END END AS "v_last_security_job_post",
    CASE WHEN "q_last_webinar" IS NOT NULL THEN "q_last_webinar" ELSE CASE WHEN NOT starts_with("date_last_webinar", '0000') THEN TRY_CAST("date_last_webinar" AS DATE) END END AS "v_last_webinar",
    "t_name" AS "v_name",
    CASE WHEN "q_security_stack" IS NOT NULL THEN "q_security_stack" ELSE CASE WHEN len("items_security_stack") > 0 THEN "items_security_stack" END END AS "v_security_stack",
    CASE WHEN "q_security_tool_count" IS NOT NULL THEN "q_security_tool_count" ELSE CASE WHEN left("t_security_tool_count", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_security_tool_count") < 16 OR (length("digits_security_tool_count") = 16 AND ("digits_security_tool_count" <= '9007199254740991')) THEN '0' || "digits_security_tool_count" END AS BIGINT) END AS "v_security_tool_count",
    "t_stage" AS "v_stage",
    CASE WHEN "q_surge" IS NOT NULL THEN "q_surge" ELSE CASE WHEN isfinite("number_surge") THEN "number_surge" END END AS "v_surge",
    "t_website" AS "v_website"
  FROM "text_parts"
),
"coerced" AS (
  -- values outside the field's enum are missing; missing values take the field's default
  SELECT
    "v_account_id" AS "f_account_id",
    CASE WHEN "v_account_type" IN ('Prospect', 'Customer', 'Partner', 'Competitor', 'Former Customer') THEN "v_account_type" END AS "f_account_type",
    "v_amount" AS "f_amount",
    "v_annual_revenue" AS "f_annual_revenue",
    "v_close_date" AS "f_close_date",
    "v_clouds" AS "f_clouds",
    "v_country" AS "f_country",
    "v_employees" AS "f_employees",
    "v_frameworks" AS "f_frameworks",
    "v_industry" AS "f_industry",
    "v_last_breach" AS "f_last_breach",
    "v_last_pricing_visit" AS "f_last_pricing_visit",
    "v_last_security_job_post" AS "f_last_security_job_post",
    "v_last_webinar" AS "f_last_webinar",
    "v_name" AS "f_name",
    "v_security_stack" AS "f_security_stack",
    COALESCE("v_security_tool_count", 0) AS "f_security_tool_count",
    COALESCE(CASE WHEN "v_stage" IN ('closed_won', 'closed_lost', 'open', 'none') THEN "v_stage" END, 'none') AS "f_stage",
    COALESCE("v_surge", 0) AS "f_surge",
    "v_website" AS "f_website"
  FROM "typed"
),
"contact_aggregates" AS (
  -- each account's numbers over its contacts (grouped by account key), 0 without contacts
  SELECT
    "coerced".*,
    COALESCE("contact_numbers"."_number_1", 0) AS "_contacts_count"
  FROM "coerced"
  LEFT JOIN (
    -- segform contact numbers per account for plan sha256:d19d54f97257b8825b9530d4aca13f25bf16ef71e1ed680c1f6ecf2daeaa2365 (duckdb), as of 2026-11-01; ordered by key
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
        CASE WHEN "v_department" IN ('security', 'it', 'compliance', 'risk', 'procurement', 'legal') THEN "v_department" END AS "f_department",
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
              COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)\b(ciso|cio|cto)\b)(?s:.*)'), FALSE)
              OR COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)chief (information security|information|technology) officer)(?s:.*)'), FALSE)
            ) THEN 'economic-buyer'
          WHEN (
              COALESCE("f_department" = 'security', FALSE)
              AND COALESCE("f_seniority" IN ('director', 'manager', 'vp'), FALSE)
            ) THEN 'champion'
          WHEN COALESCE("f_department" IN ('legal', 'procurement'), FALSE) THEN 'blocker'
          WHEN (
              COALESCE("f_department" IN ('compliance', 'it', 'risk'), FALSE)
              AND COALESCE("f_seniority" IN ('director', 'manager', 'vp'), FALSE)
            ) THEN 'influencer'
          WHEN COALESCE("f_seniority" = 'individual', FALSE) THEN 'end-user'
        END AS "_role"
      FROM "coerced"
    ),
    "contact_matches" AS (
      -- which contacts each account condition over contacts counts
      SELECT
        *,
        (
          COALESCE("_role" = 'economic-buyer', FALSE)
          AND COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)\bciso\b|chief information security officer)(?s:.*)'), FALSE)
        ) AS "_where_1"
      FROM "roles"
    )
    SELECT
      "f_account_id" AS "_contact_account",
      count(CASE WHEN "_where_1" THEN 1 END) AS "_number_1"
    FROM "contact_matches"
    WHERE "f_account_id" IS NOT NULL
    GROUP BY "f_account_id"
  ) AS "contact_numbers" ON "contact_numbers"."_contact_account" = "f_account_id"
),
"scores" AS (
  -- the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]
  SELECT
    *,
    (
      (
        COALESCE("f_employees" >= 250, FALSE)
        AND COALESCE("f_country" IN ('CA', 'DE', 'FR', 'GB', 'IE', 'NL', 'US'), FALSE)
      )
      AND (NOT (
        COALESCE("f_account_type" IN ('Competitor', 'Customer', 'Partner'), FALSE)
        OR COALESCE("f_industry" = 'cybersecurity', FALSE)
        OR COALESCE(regexp_full_match("f_name", '(?s:.*?)((?i)\b(test|demo|sandbox)\b)(?s:.*)'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_employees" >= 1000, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_employees" BETWEEN 250 AND 999, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_industry" IN ('asset_management', 'banking', 'insurance'), FALSE)
          OR COALESCE("f_industry" IN ('healthcare_services', 'hospitals', 'pharmaceuticals'), FALSE)
          OR COALESCE("f_industry" IN ('federal_government', 'public_education', 'state_local_government'), FALSE)
          OR COALESCE("f_industry" IN ('energy', 'telecommunications', 'utilities'), FALSE)
        ) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 250000000, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE(list_has_any("f_clouds", ['aws', 'azure', 'gcp']), FALSE) THEN 10 ELSE 0 END
      + CASE WHEN COALESCE(list_has_any("f_frameworks", ['dora', 'fedramp', 'hipaa', 'hitrust', 'iso27001', 'nerc_cip', 'nis2', 'nydfs', 'pci_dss', 'soc2']), FALSE) THEN 15 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("_contacts_count" >= 1, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("f_security_tool_count" >= 6, FALSE) THEN 35 ELSE 0 END
      + CASE WHEN COALESCE("f_security_tool_count" BETWEEN 3 AND 5, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_last_breach" BETWEEN DATE '2024-11-01' AND DATE '2026-11-01', FALSE) THEN 25 ELSE 0 END,
      0), 100) AS "s_maturity",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_surge" >= 60, FALSE) THEN 35 ELSE 0 END
      + CASE WHEN COALESCE("f_last_pricing_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_last_webinar" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_last_security_job_post" BETWEEN DATE '2026-08-03' AND DATE '2026-11-01', FALSE) THEN 20 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "contact_aggregates"
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 50, FALSE) AND COALESCE("s_maturity" >= 75, FALSE))) AS "_match_established",
    ("_icp" AND COALESCE("s_maturity" >= 40, FALSE)) AS "_match_developing",
    "_icp" AS "_match_emerging"
  FROM "scores"
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 150 of the accounts that reach it
  SELECT
    *,
    ("_match_established" AND row_number() OVER (
      PARTITION BY "_match_established"
      ORDER BY "s_intent" DESC NULLS LAST, "s_fit" DESC NULLS LAST, "f_account_id" ASC NULLS LAST
    ) <= 150) AS "_keep_established"
  FROM "tier_matches"
),
"tiers" AS (
  -- the first tier that matches and had room
  SELECT
    *,
    CASE
      WHEN "_keep_established" THEN 'established'
      WHEN "_match_developing" THEN 'developing'
      WHEN "_match_emerging" THEN 'emerging'
    END AS "_tier"
  FROM "tier_1_capacity"
),
"segments" AS (
  -- the first matching segment, else the fallback; none outside the ICP
  SELECT
    *,
    CASE
      WHEN NOT "_icp" THEN NULL
      WHEN COALESCE("f_industry" IN ('asset_management', 'banking', 'insurance'), FALSE) THEN 'financial-services'
      WHEN COALESCE("f_industry" IN ('healthcare_services', 'hospitals', 'pharmaceuticals'), FALSE) THEN 'healthcare'
      WHEN COALESCE("f_industry" IN ('federal_government', 'public_education', 'state_local_government'), FALSE) THEN 'public-sector'
      WHEN COALESCE("f_industry" IN ('energy', 'telecommunications', 'utilities'), FALSE) THEN 'critical-infrastructure'
      ELSE 'commercial'
    END AS "_segment"
  FROM "tiers"
),
"activations" AS (
  -- the activations the tier and segment ask for whose own condition holds, in plan order
  SELECT
    *,
    concat_ws(';',
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('financial-services', 'healthcare', 'public-sector', 'critical-infrastructure', 'commercial'), FALSE) THEN 'crm-segment' END,
      CASE WHEN "_icp" AND COALESCE("_tier" IN ('established', 'developing', 'emerging'), FALSE) THEN 'crm-tier' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('critical-infrastructure'), FALSE) THEN 'li-critical-infrastructure' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('financial-services'), FALSE) THEN 'li-finserv' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('healthcare'), FALSE) THEN 'li-healthcare' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('public-sector'), FALSE) THEN 'li-public-sector' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('critical-infrastructure'), FALSE)
        AND (
          COALESCE("_tier" IN ('developing', 'established'), FALSE)
          AND COALESCE("f_industry" IN ('energy', 'telecommunications', 'utilities'), FALSE)
        ) THEN 'route-sdr-critical-infrastructure' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('financial-services'), FALSE)
        AND (
          COALESCE("_tier" IN ('developing', 'established'), FALSE)
          AND COALESCE("f_industry" IN ('asset_management', 'banking', 'insurance'), FALSE)
        ) THEN 'route-sdr-finserv' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('healthcare'), FALSE)
        AND (
          COALESCE("_tier" IN ('developing', 'established'), FALSE)
          AND COALESCE("f_industry" IN ('healthcare_services', 'hospitals', 'pharmaceuticals'), FALSE)
        ) THEN 'route-sdr-healthcare' END,
      CASE WHEN "_icp" AND COALESCE("_segment" IN ('public-sector'), FALSE)
        AND (
          COALESCE("_tier" IN ('developing', 'established'), FALSE)
          AND COALESCE("f_industry" IN ('federal_government', 'public_education', 'state_local_government'), FALSE)
        ) THEN 'route-sdr-public-sector' END
    ) AS "_activations"
  FROM "segments"
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_maturity" * 10000 - floor("s_maturity" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_maturity" * 10000) + 1 ELSE floor("s_maturity" * 10000) END / 10000 AS "maturity",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY "f_account_id" NULLS LAST;

-- contacts
-- segform contacts for plan sha256:d19d54f97257b8825b9530d4aca13f25bf16ef71e1ed680c1f6ecf2daeaa2365 (duckdb), as of 2026-11-01; ordered by key
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
    CASE WHEN "v_department" IN ('security', 'it', 'compliance', 'risk', 'procurement', 'legal') THEN "v_department" END AS "f_department",
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
          COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)\b(ciso|cio|cto)\b)(?s:.*)'), FALSE)
          OR COALESCE(regexp_full_match("f_title", '(?s:.*?)((?i)chief (information security|information|technology) officer)(?s:.*)'), FALSE)
        ) THEN 'economic-buyer'
      WHEN (
          COALESCE("f_department" = 'security', FALSE)
          AND COALESCE("f_seniority" IN ('director', 'manager', 'vp'), FALSE)
        ) THEN 'champion'
      WHEN COALESCE("f_department" IN ('legal', 'procurement'), FALSE) THEN 'blocker'
      WHEN (
          COALESCE("f_department" IN ('compliance', 'it', 'risk'), FALSE)
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
