-- segform accounts for plan sha256:5281a443a59cf592d11717666e2b88cb35bd765b33f933478df0d85d2385eb55 (duckdb), as of 2026-11-01; ordered by key
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
    CAST("source"."annualrevenue" AS VARCHAR) AS "r_annual_revenue",
    CASE WHEN regexp_full_match(CAST("source"."annualrevenue" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."annualrevenue" AS VARCHAR) AS DOUBLE) END AS "q_annual_revenue",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."business_model" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."business_model" AS VARCHAR) WHEN strlen(CAST("source"."business_model" AS VARCHAR)) = length(CAST("source"."business_model" AS VARCHAR)) THEN trim(CAST("source"."business_model" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."business_model" AS VARCHAR), "constants"."whitespace") END, '') AS "t_business_model",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."hs_object_id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."hs_object_id" AS VARCHAR) WHEN strlen(CAST("source"."hs_object_id" AS VARCHAR)) = length(CAST("source"."hs_object_id" AS VARCHAR)) THEN trim(CAST("source"."hs_object_id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."hs_object_id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_company_id",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."country" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."country" AS VARCHAR) WHEN strlen(CAST("source"."country" AS VARCHAR)) = length(CAST("source"."country" AS VARCHAR)) THEN trim(CAST("source"."country" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."country" AS VARCHAR), "constants"."whitespace") END, '') AS "t_country",
    CAST("source"."associated_deal_amount" AS VARCHAR) AS "r_deal_amount",
    CASE WHEN regexp_full_match(CAST("source"."associated_deal_amount" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."associated_deal_amount" AS VARCHAR) AS DOUBLE) END AS "q_deal_amount",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."associated_deal_stage" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."associated_deal_stage" AS VARCHAR) WHEN strlen(CAST("source"."associated_deal_stage" AS VARCHAR)) = length(CAST("source"."associated_deal_stage" AS VARCHAR)) THEN trim(CAST("source"."associated_deal_stage" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."associated_deal_stage" AS VARCHAR), "constants"."whitespace") END, '') AS "t_deal_stage",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."domain" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."domain" AS VARCHAR) WHEN strlen(CAST("source"."domain" AS VARCHAR)) = length(CAST("source"."domain" AS VARCHAR)) THEN trim(CAST("source"."domain" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."domain" AS VARCHAR), "constants"."whitespace") END, '') AS "t_domain",
    CAST("source"."numberofemployees" AS VARCHAR) AS "r_employees",
    CASE WHEN regexp_full_match(CAST("source"."numberofemployees" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."numberofemployees" AS VARCHAR) AS BIGINT) END AS "q_employees",
    CAST("source"."g2_comparison_views_30d" AS VARCHAR) AS "r_g2_comparison_views",
    CASE WHEN regexp_full_match(CAST("source"."g2_comparison_views_30d" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."g2_comparison_views_30d" AS VARCHAR) AS BIGINT) END AS "q_g2_comparison_views",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."industry" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."industry" AS VARCHAR) WHEN strlen(CAST("source"."industry" AS VARCHAR)) = length(CAST("source"."industry" AS VARCHAR)) THEN trim(CAST("source"."industry" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."industry" AS VARCHAR), "constants"."whitespace") END, '') AS "t_industry",
    CAST("source"."last_comparison_page_visit" AS VARCHAR) AS "r_last_comparison_visit",
    CASE WHEN regexp_full_match(CAST("source"."last_comparison_page_visit" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."last_comparison_page_visit" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."last_comparison_page_visit" AS VARCHAR) AS DATE) END AS "q_last_comparison_visit",
    CAST("source"."last_content_download_date" AS VARCHAR) AS "r_last_content_download",
    CASE WHEN regexp_full_match(CAST("source"."last_content_download_date" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."last_content_download_date" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."last_content_download_date" AS VARCHAR) AS DATE) END AS "q_last_content_download",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."lifecyclestage" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."lifecyclestage" AS VARCHAR) WHEN strlen(CAST("source"."lifecyclestage" AS VARCHAR)) = length(CAST("source"."lifecyclestage" AS VARCHAR)) THEN trim(CAST("source"."lifecyclestage" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."lifecyclestage" AS VARCHAR), "constants"."whitespace") END, '') AS "t_lifecycle_stage",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."name" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."name" AS VARCHAR) WHEN strlen(CAST("source"."name" AS VARCHAR)) = length(CAST("source"."name" AS VARCHAR)) THEN trim(CAST("source"."name" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."name" AS VARCHAR), "constants"."whitespace") END, '') AS "t_name",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."poc_status" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."poc_status" AS VARCHAR) WHEN strlen(CAST("source"."poc_status" AS VARCHAR)) = length(CAST("source"."poc_status" AS VARCHAR)) THEN trim(CAST("source"."poc_status" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."poc_status" AS VARCHAR), "constants"."whitespace") END, '') AS "t_poc_status",
    CAST("source"."pricing_page_views_30d" AS VARCHAR) AS "r_pricing_views",
    CASE WHEN regexp_full_match(CAST("source"."pricing_page_views_30d" AS VARCHAR), '[0-9]{1,15}') THEN TRY_CAST(CAST("source"."pricing_page_views_30d" AS VARCHAR) AS BIGINT) END AS "q_pricing_views",
    CAST("source"."procurement_contact_engaged" AS VARCHAR) AS "r_procurement_engaged",
    CASE lower(CAST("source"."procurement_contact_engaged" AS VARCHAR))
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
    END AS "q_procurement_engaged",
    CAST("source"."security_questionnaire_date" AS VARCHAR) AS "r_security_questionnaire",
    CASE WHEN regexp_full_match(CAST("source"."security_questionnaire_date" AS VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT starts_with(CAST("source"."security_questionnaire_date" AS VARCHAR), '0000') THEN TRY_CAST(CAST("source"."security_questionnaire_date" AS VARCHAR) AS DATE) END AS "q_security_questionnaire",
    CAST("source"."bombora_topic_surge" AS VARCHAR) AS "r_surge",
    CASE WHEN regexp_full_match(CAST("source"."bombora_topic_surge" AS VARCHAR), '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST(CAST("source"."bombora_topic_surge" AS VARCHAR) AS DOUBLE) END AS "q_surge",
    CAST("source"."bombora_surging_topics" AS VARCHAR) AS "r_surging_topics",
    CASE WHEN regexp_full_match(CAST("source"."bombora_surging_topics" AS VARCHAR), '[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?(\;[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]([^\;]*[^\;\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?)*') THEN string_split(CAST("source"."bombora_surging_topics" AS VARCHAR), ';') END AS "q_surging_topics",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."trial_started_date" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."trial_started_date" AS VARCHAR) WHEN strlen(CAST("source"."trial_started_date" AS VARCHAR)) = length(CAST("source"."trial_started_date" AS VARCHAR)) THEN trim(CAST("source"."trial_started_date" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."trial_started_date" AS VARCHAR), "constants"."whitespace") END, '') AS "t_trial_started"
  FROM "accounts" AS "source"
  CROSS JOIN "constants"
),
"trimmed_text" AS (
  -- the trimmed text of the values not in their type's plain form; empty text is missing
  SELECT
    *,
    CASE WHEN "q_annual_revenue" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_annual_revenue", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_annual_revenue" WHEN strlen("r_annual_revenue") = length("r_annual_revenue") THEN trim("r_annual_revenue", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_annual_revenue", "whitespace") END, '') END AS "t_annual_revenue",
    CASE WHEN "q_deal_amount" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_deal_amount", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_deal_amount" WHEN strlen("r_deal_amount") = length("r_deal_amount") THEN trim("r_deal_amount", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_deal_amount", "whitespace") END, '') END AS "t_deal_amount",
    CASE WHEN "q_employees" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_employees", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_employees" WHEN strlen("r_employees") = length("r_employees") THEN trim("r_employees", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_employees", "whitespace") END, '') END AS "t_employees",
    CASE WHEN "q_g2_comparison_views" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_g2_comparison_views", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_g2_comparison_views" WHEN strlen("r_g2_comparison_views") = length("r_g2_comparison_views") THEN trim("r_g2_comparison_views", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_g2_comparison_views", "whitespace") END, '') END AS "t_g2_comparison_views",
    CASE WHEN "q_last_comparison_visit" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_comparison_visit", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_comparison_visit" WHEN strlen("r_last_comparison_visit") = length("r_last_comparison_visit") THEN trim("r_last_comparison_visit", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_comparison_visit", "whitespace") END, '') END AS "t_last_comparison_visit",
    CASE WHEN "q_last_content_download" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_last_content_download", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_last_content_download" WHEN strlen("r_last_content_download") = length("r_last_content_download") THEN trim("r_last_content_download", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_last_content_download", "whitespace") END, '') END AS "t_last_content_download",
    CASE WHEN "q_pricing_views" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_pricing_views", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_pricing_views" WHEN strlen("r_pricing_views") = length("r_pricing_views") THEN trim("r_pricing_views", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_pricing_views", "whitespace") END, '') END AS "t_pricing_views",
    CASE WHEN "q_procurement_engaged" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_procurement_engaged", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_procurement_engaged" WHEN strlen("r_procurement_engaged") = length("r_procurement_engaged") THEN trim("r_procurement_engaged", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_procurement_engaged", "whitespace") END, '') END AS "t_procurement_engaged",
    CASE WHEN "q_security_questionnaire" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_security_questionnaire", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_security_questionnaire" WHEN strlen("r_security_questionnaire") = length("r_security_questionnaire") THEN trim("r_security_questionnaire", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_security_questionnaire", "whitespace") END, '') END AS "t_security_questionnaire",
    CASE WHEN "q_surge" IS NULL THEN NULLIF(CASE WHEN regexp_full_match("r_surge", '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN "r_surge" WHEN strlen("r_surge") = length("r_surge") THEN trim("r_surge", (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim("r_surge", "whitespace") END, '') END AS "t_surge",
    CASE WHEN "q_surging_topics" IS NULL THEN NULLIF("r_surging_topics", '') END AS "t_surging_topics"
  FROM "input_text"
),
"text_parts" AS (
  -- the text of each value checked against its type's pattern, and taken apart
  SELECT
    *,
    CASE
      WHEN regexp_full_match("t_annual_revenue", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_annual_revenue" AS DOUBLE)
      WHEN regexp_full_match("t_annual_revenue", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_annual_revenue", ',', '') AS DOUBLE)
    END AS "number_annual_revenue",
    CASE
      WHEN regexp_full_match("t_deal_amount", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_deal_amount" AS DOUBLE)
      WHEN regexp_full_match("t_deal_amount", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_deal_amount", ',', '') AS DOUBLE)
    END AS "number_deal_amount",
    CASE
      WHEN regexp_full_match("t_employees", '[0-9]{1,15}') THEN "t_employees"
      WHEN regexp_full_match("t_employees", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE
      WHEN regexp_full_match("t_g2_comparison_views", '[0-9]{1,15}') THEN "t_g2_comparison_views"
      WHEN regexp_full_match("t_g2_comparison_views", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_g2_comparison_views", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_g2_comparison_views",
    CASE WHEN regexp_full_match("t_last_comparison_visit", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_comparison_visit", 1, 10) END AS "date_last_comparison_visit",
    CASE WHEN regexp_full_match("t_last_content_download", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_last_content_download", 1, 10) END AS "date_last_content_download",
    CASE
      WHEN regexp_full_match("t_pricing_views", '[0-9]{1,15}') THEN "t_pricing_views"
      WHEN regexp_full_match("t_pricing_views", '[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?') THEN ltrim(regexp_replace("t_pricing_views", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_pricing_views",
    CASE WHEN regexp_full_match("t_security_questionnaire", '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?') THEN substr("t_security_questionnaire", 1, 10) END AS "date_security_questionnaire",
    CASE
      WHEN regexp_full_match("t_surge", '[0-9]{1,15}([.][0-9]{1,15})?') THEN TRY_CAST("t_surge" AS DOUBLE)
      WHEN regexp_full_match("t_surge", '[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)') THEN TRY_CAST(replace("t_surge", ',', '') AS DOUBLE)
    END AS "number_surge",
    list_filter(regexp_split_to_array("t_surging_topics", '^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*\;[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*|[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$'), item -> item <> '') AS "items_surging_topics",
    CASE WHEN regexp_full_match("t_trial_started", '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN split_part("t_trial_started", '/', 3) || '-' || lpad(split_part("t_trial_started", '/', 1), 2, '0') || '-' || lpad(split_part("t_trial_started", '/', 2), 2, '0') END AS "date_trial_started"
  FROM "trimmed_text"
),
"typed" AS (
  -- typed values; text that is not a value of the field's type is missing
  SELECT
    *,
    CASE WHEN "q_annual_revenue" IS NOT NULL THEN "q_annual_revenue" ELSE CASE WHEN isfinite("number_annual_revenue") THEN "number_annual_revenue" END END AS "v_annual_revenue",
    "t_business_model" AS "v_business_model",
    "t_company_id" AS "v_company_id",
    "t_country" AS "v_country",
    CASE WHEN "q_deal_amount" IS NOT NULL THEN "q_deal_amount" ELSE CASE WHEN isfinite("number_deal_amount") THEN "number_deal_amount" END END AS "v_deal_amount",
    "t_deal_stage" AS "v_deal_stage",
    "t_domain" AS "v_domain",
    CASE WHEN "q_employees" IS NOT NULL THEN "q_employees" ELSE CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND ("digits_employees" <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) END AS "v_employees",
    CASE WHEN "q_g2_comparison_views" IS NOT NULL THEN "q_g2_comparison_views" ELSE CASE WHEN left("t_g2_comparison_views", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_g2_comparison_views") < 16 OR (length("digits_g2_comparison_views") = 16 AND ("digits_g2_comparison_views" <= '9007199254740991')) THEN '0' || "digits_g2_comparison_views" END AS BIGINT) END AS "v_g2_comparison_views",
    "t_industry" AS "v_industry",
    CASE WHEN "q_last_comparison_visit" IS NOT NULL THEN "q_last_comparison_visit" ELSE CASE WHEN NOT starts_with("date_last_comparison_visit", '0000') THEN TRY_CAST("date_last_comparison_visit" AS DATE) END END AS "v_last_comparison_visit",
    CASE WHEN "q_last_content_download" IS NOT NULL THEN "q_last_content_download" ELSE CASE WHEN NOT starts_with("date_last_content_download", '0000') THEN TRY_CAST("date_last_content_download" AS DATE) END END AS "v_last_content_download",
    "t_lifecycle_stage" AS "v_lifecycle_stage",
    "t_name" AS "v_name",
    "t_poc_status" AS "v_poc_status",
    CASE WHEN "q_pricing_views" IS NOT NULL THEN "q_pricing_views" ELSE CASE WHEN left("t_pricing_views", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_pricing_views") < 16 OR (length("digits_pricing_views") = 16 AND ("digits_pricing_views" <= '9007199254740991')) THEN '0' || "digits_pricing_views" END AS BIGINT) END AS "v_pricing_views",
    CASE WHEN "q_procurement_engaged" IS NOT NULL THEN "q_procurement_engaged" ELSE CASE lower("t_procurement_engaged")
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
    END END AS "v_procurement_engaged",
    CASE WHEN "q_security_questionnaire" IS NOT NULL THEN "q_security_questionnaire" ELSE CASE WHEN NOT starts_with("date_security_questionnaire", '0000') THEN TRY_CAST("date_security_questionnaire" AS DATE) END END AS "v_security_questionnaire",
    CASE WHEN "q_surge" IS NOT NULL THEN "q_surge" ELSE CASE WHEN isfinite("number_surge") THEN "number_surge" END END AS "v_surge",
    CASE WHEN "q_surging_topics" IS NOT NULL THEN "q_surging_topics" ELSE CASE WHEN len("items_surging_topics") > 0 THEN "items_surging_topics" END END AS "v_surging_topics",
    CASE WHEN NOT starts_with("date_trial_started", '0000') THEN TRY_CAST("date_trial_started" AS DATE) END AS "v_trial_started"
  FROM "text_parts"
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
    CASE WHEN isfinite(floor(("f_annual_revenue" / NULLIF(CAST("f_employees" AS DOUBLE), 0)) + CAST(CAST('0.5' AS DOUBLE) AS DOUBLE))) THEN floor(("f_annual_revenue" / NULLIF(CAST("f_employees" AS DOUBLE), 0)) + CAST(CAST('0.5' AS DOUBLE) AS DOUBLE)) END AS "f_revenue_per_employee"
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
        OR COALESCE(regexp_full_match("f_name", '(?s:.*?)((?i)\b(test|demo|sandbox)\b)(?s:.*)'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
      + CASE WHEN COALESCE("f_industry" IN ('COMPUTER_NETWORK_SECURITY', 'COMPUTER_SOFTWARE', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'INTERNET'), FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("f_employees" BETWEEN 300 AND 1500, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 50000000, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_lifecycle_stage" IN ('marketingqualifiedlead', 'opportunity', 'salesqualifiedlead'), FALSE) THEN 10 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE)
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
          OR COALESCE(list_has_any("f_surging_topics", ['Account-Based Marketing', 'Intent Data', 'Revenue Operations', 'Sales Intelligence']), FALSE)
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
    concat_ws(';',
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
    ) AS "_activations"
  FROM "segments"
)
SELECT
  "f_company_id" AS "company_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY "f_company_id" NULLS LAST;

-- contacts
-- segform contacts for plan sha256:5281a443a59cf592d11717666e2b88cb35bd765b33f933478df0d85d2385eb55 (duckdb), as of 2026-11-01; ordered by key
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
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."associatedcompanyid" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."associatedcompanyid" AS VARCHAR) WHEN strlen(CAST("source"."associatedcompanyid" AS VARCHAR)) = length(CAST("source"."associatedcompanyid" AS VARCHAR)) THEN trim(CAST("source"."associatedcompanyid" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."associatedcompanyid" AS VARCHAR), "constants"."whitespace") END, '') AS "t_company_id",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."hs_object_id" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."hs_object_id" AS VARCHAR) WHEN strlen(CAST("source"."hs_object_id" AS VARCHAR)) = length(CAST("source"."hs_object_id" AS VARCHAR)) THEN trim(CAST("source"."hs_object_id" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."hs_object_id" AS VARCHAR), "constants"."whitespace") END, '') AS "t_contact_id",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."email" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."email" AS VARCHAR) WHEN strlen(CAST("source"."email" AS VARCHAR)) = length(CAST("source"."email" AS VARCHAR)) THEN trim(CAST("source"."email" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."email" AS VARCHAR), "constants"."whitespace") END, '') AS "t_email",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."firstname" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."firstname" AS VARCHAR) WHEN strlen(CAST("source"."firstname" AS VARCHAR)) = length(CAST("source"."firstname" AS VARCHAR)) THEN trim(CAST("source"."firstname" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."firstname" AS VARCHAR), "constants"."whitespace") END, '') AS "t_first_name",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."job_function" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."job_function" AS VARCHAR) WHEN strlen(CAST("source"."job_function" AS VARCHAR)) = length(CAST("source"."job_function" AS VARCHAR)) THEN trim(CAST("source"."job_function" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."job_function" AS VARCHAR), "constants"."whitespace") END, '') AS "t_job_function",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."jobtitle" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."jobtitle" AS VARCHAR) WHEN strlen(CAST("source"."jobtitle" AS VARCHAR)) = length(CAST("source"."jobtitle" AS VARCHAR)) THEN trim(CAST("source"."jobtitle" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."jobtitle" AS VARCHAR), "constants"."whitespace") END, '') AS "t_job_title",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."lastname" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."lastname" AS VARCHAR) WHEN strlen(CAST("source"."lastname" AS VARCHAR)) = length(CAST("source"."lastname" AS VARCHAR)) THEN trim(CAST("source"."lastname" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."lastname" AS VARCHAR), "constants"."whitespace") END, '') AS "t_last_name",
    NULLIF(CASE WHEN regexp_full_match(CAST("source"."seniority" AS VARCHAR), '(?s)[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}](.*[^\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}])?') THEN CAST("source"."seniority" AS VARCHAR) WHEN strlen(CAST("source"."seniority" AS VARCHAR)) = length(CAST("source"."seniority" AS VARCHAR)) THEN trim(CAST("source"."seniority" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ')) ELSE trim(CAST("source"."seniority" AS VARCHAR), "constants"."whitespace") END, '') AS "t_seniority"
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
              AND COALESCE(regexp_full_match("f_job_title", '(?s:.*?)((?i)(operations|demand gen))(?s:.*)'), FALSE)
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
