-- segform accounts for plan sha256:d19d54f97257b8825b9530d4aca13f25bf16ef71e1ed680c1f6ecf2daeaa2365 (postgres), as of 2026-11-01; ordered by key
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
    NULLIF(btrim((CAST("source"."Cloud_Providers__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_clouds",
    NULLIF(btrim((CAST("source"."BillingCountryCode" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_country",
    NULLIF(btrim((CAST("source"."NumberOfEmployees" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_employees",
    NULLIF(btrim((CAST("source"."Compliance_Frameworks__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_frameworks",
    NULLIF(btrim((CAST("source"."Industry" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_industry",
    NULLIF(btrim((CAST("source"."Last_Breach_Date__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_breach",
    NULLIF(btrim((CAST("source"."Last_Pricing_Visit__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_pricing_visit",
    NULLIF(btrim((CAST("source"."Last_Security_Job_Post__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_security_job_post",
    NULLIF(btrim((CAST("source"."Last_Webinar_Date__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_last_webinar",
    NULLIF(btrim((CAST("source"."Name" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_name",
    NULLIF(btrim((CAST("source"."Security_Stack__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_security_stack",
    NULLIF(btrim((CAST("source"."Security_Tool_Count__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_security_tool_count",
    NULLIF(btrim((CAST("source"."Opportunity_Stage__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_stage",
    NULLIF(btrim((CAST("source"."Bombora_Surge__c" AS TEXT) COLLATE "C"), "constants"."whitespace"), '') AS "t_surge",
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
    CASE WHEN NOT (starts_with("t_clouds", ';') OR (right("t_clouds", 1) = ';') OR (strpos("t_clouds", ';;') > 0) OR ("t_clouds" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("t_clouds", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("t_clouds", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_clouds",
    CASE
      WHEN ("t_employees" ~ '^([0-9]{1,15})$') THEN "t_employees"
      WHEN ("t_employees" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_employees", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_employees",
    CASE WHEN NOT (starts_with("t_frameworks", ';') OR (right("t_frameworks", 1) = ';') OR (strpos("t_frameworks", ';;') > 0) OR ("t_frameworks" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("t_frameworks", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("t_frameworks", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_frameworks",
    CASE WHEN ("t_last_breach" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_breach", 1, 10) END AS "date_last_breach",
    CASE WHEN ("t_last_pricing_visit" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_pricing_visit", 1, 10) END AS "date_last_pricing_visit",
    CASE WHEN ("t_last_security_job_post" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_security_job_post", 1, 10) END AS "date_last_security_job_post",
    CASE WHEN ("t_last_webinar" ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$') THEN substr("t_last_webinar", 1, 10) END AS "date_last_webinar",
    CASE WHEN NOT (starts_with("t_security_stack", ';') OR (right("t_security_stack", 1) = ';') OR (strpos("t_security_stack", ';;') > 0) OR ("t_security_stack" ~ E';[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff];')) THEN string_to_array("t_security_stack", ';') ELSE ARRAY(SELECT btrim(item, "whitespace") FROM unnest(string_to_array("t_security_stack", ';')) WITH ORDINALITY AS split(item, position) WHERE btrim(item, "whitespace") <> '' ORDER BY position) END AS "items_security_stack",
    CASE
      WHEN ("t_security_tool_count" ~ '^([0-9]{1,15})$') THEN "t_security_tool_count"
      WHEN ("t_security_tool_count" ~ '^([+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?)$') THEN ltrim(regexp_replace("t_security_tool_count", '^[+-]|[.].*$|,', '', 'g'), '0')
    END AS "digits_security_tool_count",
    CASE WHEN ("t_surge" ~ '^([+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?))$') THEN regexp_replace("t_surge", '^[+-]|[eE].*$|[.,]', '', 'g') END AS "mantissa_surge",
    length(regexp_replace("t_surge", '^[+-]|[.eE].*$|,', '', 'g')) AS "integer_digits_surge",
    ltrim(regexp_replace("t_surge", '^[^eE]*[eE]?[+-]?', '', 'g'), '0') AS "exponent_digits_surge",
    ("t_surge" ~ '^([^eE]*[eE]-[0-9]+)$') AS "exponent_negative_surge"
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
    CAST(substr("date_last_breach", 1, 4) AS INTEGER) AS "year_last_breach",
    CAST(substr("date_last_breach", 6, 2) AS INTEGER) AS "month_last_breach",
    CAST(substr("date_last_breach", 9, 2) AS INTEGER) AS "day_last_breach",
    CAST(substr("date_last_pricing_visit", 1, 4) AS INTEGER) AS "year_last_pricing_visit",
    CAST(substr("date_last_pricing_visit", 6, 2) AS INTEGER) AS "month_last_pricing_visit",
    CAST(substr("date_last_pricing_visit", 9, 2) AS INTEGER) AS "day_last_pricing_visit",
    CAST(substr("date_last_security_job_post", 1, 4) AS INTEGER) AS "year_last_security_job_post",
    CAST(substr("date_last_security_job_post", 6, 2) AS INTEGER) AS "month_last_security_job_post",
    CAST(substr("date_last_security_job_post", 9, 2) AS INTEGER) AS "day_last_security_job_post",
    CAST(substr("date_last_webinar", 1, 4) AS INTEGER) AS "year_last_webinar",
    CAST(substr("date_last_webinar", 6, 2) AS INTEGER) AS "month_last_webinar",
    CAST(substr("date_last_webinar", 9, 2) AS INTEGER) AS "day_last_webinar",
    rtrim(ltrim("mantissa_surge", '0'), '0') AS "significant_surge",
    CASE WHEN "mantissa_surge" IS NOT NULL THEN "integer_digits_surge" - (length("mantissa_surge") - length(ltrim("mantissa_surge", '0'))) + CASE WHEN "exponent_negative_surge" THEN (-1) ELSE 1 END * COALESCE(CAST(CASE WHEN length("exponent_digits_surge") <= 6 THEN '0' || "exponent_digits_surge" END AS INTEGER), 9999999) END AS "magnitude_surge"
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
    CASE WHEN cardinality("items_clouds") > 0 THEN "items_clouds" END AS "v_clouds",
    "t_country" AS "v_country",
    CASE WHEN left("t_employees", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_employees") < 16 OR (length("digits_employees") = 16 AND (("digits_employees" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_employees" END AS BIGINT) AS "v_employees",
    CASE WHEN cardinality("items_frameworks") > 0 THEN "items_frameworks" END AS "v_frameworks",
    "t_industry" AS "v_industry",
    make_date(CASE WHEN "year_last_breach" >= 1 AND "month_last_breach" BETWEEN 1 AND 12 AND "day_last_breach" BETWEEN 1 AND CASE WHEN "month_last_breach" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_breach" = 2 THEN CASE WHEN ((("year_last_breach" % 4) = 0 AND ("year_last_breach" % 100) <> 0) OR ("year_last_breach" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_breach" END, "month_last_breach", "day_last_breach") AS "v_last_breach",
    make_date(CASE WHEN "year_last_pricing_visit" >= 1 AND "month_last_pricing_visit" BETWEEN 1 AND 12 AND "day_last_pricing_visit" BETWEEN 1 AND CASE WHEN "month_last_pricing_visit" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_pricing_visit" = 2 THEN CASE WHEN ((("year_last_pricing_visit" % 4) = 0 AND ("year_last_pricing_visit" % 100) <> 0) OR ("year_last_pricing_visit" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_pricing_visit" END, "month_last_pricing_visit", "day_last_pricing_visit") AS "v_last_pricing_visit",
    make_date(CASE WHEN "year_last_security_job_post" >= 1 AND "month_last_security_job_post" BETWEEN 1 AND 12 AND "day_last_security_job_post" BETWEEN 1 AND CASE WHEN "month_last_security_job_post" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_security_job_post" = 2 THEN CASE WHEN ((("year_last_security_job_post" % 4) = 0 AND ("year_last_security_job_post" % 100) <> 0) OR ("year_last_security_job_post" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_security_job_post" END, "month_last_security_job_post", "day_last_security_job_post") AS "v_last_security_job_post",
    make_date(CASE WHEN "year_last_webinar" >= 1 AND "month_last_webinar" BETWEEN 1 AND 12 AND "day_last_webinar" BETWEEN 1 AND CASE WHEN "month_last_webinar" IN (4, 6, 9, 11) THEN 30 WHEN "month_last_webinar" = 2 THEN CASE WHEN ((("year_last_webinar" % 4) = 0 AND ("year_last_webinar" % 100) <> 0) OR ("year_last_webinar" % 400) = 0) THEN 29 ELSE 28 END ELSE 31 END THEN "year_last_webinar" END, "month_last_webinar", "day_last_webinar") AS "v_last_webinar",
    "t_name" AS "v_name",
    CASE WHEN cardinality("items_security_stack") > 0 THEN "items_security_stack" END AS "v_security_stack",
    CASE WHEN left("t_security_tool_count", 1) = '-' THEN (-1) ELSE 1 END * CAST(CASE WHEN length("digits_security_tool_count") < 16 OR (length("digits_security_tool_count") = 16 AND (("digits_security_tool_count" COLLATE "C") <= '9007199254740991')) THEN '0' || "digits_security_tool_count" END AS BIGINT) AS "v_security_tool_count",
    "t_stage" AS "v_stage",
    CASE
      WHEN "mantissa_surge" IS NULL THEN NULL
      WHEN "significant_surge" = '' OR "magnitude_surge" < (-323) OR ("magnitude_surge" = (-323) AND (("significant_surge" COLLATE "C") <= "underflow_digits")) THEN CAST(0 AS DOUBLE PRECISION)
      WHEN "magnitude_surge" > 309 OR ("magnitude_surge" = 309 AND (("significant_surge" COLLATE "C") >= "overflow_digits")) THEN NULL
      ELSE CAST(replace("t_surge", ',', '') AS DOUBLE PRECISION)
    END AS "v_surge",
    "t_website" AS "v_website"
  FROM "value_parts"
  OFFSET 0
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
  OFFSET 0
),
"contact_aggregates" AS (
  -- each account's numbers over its contacts (grouped by account key), 0 without contacts
  SELECT
    "coerced".*,
    COALESCE("contact_numbers"."_number_1", 0) AS "_contacts_count"
  FROM "coerced"
  LEFT JOIN (
    -- segform contact numbers per account for plan sha256:d19d54f97257b8825b9530d4aca13f25bf16ef71e1ed680c1f6ecf2daeaa2365 (postgres), as of 2026-11-01; ordered by key
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
        CASE WHEN "v_department" IN ('security', 'it', 'compliance', 'risk', 'procurement', 'legal') THEN "v_department" END AS "f_department",
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
              COALESCE(("f_title" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Cc][Ii][Ss\\u017f][Oo]|[Cc][Ii][Oo]|[Cc][Tt][Oo])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
              OR COALESCE(("f_title" ~ E'[Cc][Hh][Ii][Ee][Ff] (?:[Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn] [Ss\\u017f][Ee][Cc][Uu][Rr][Ii][Tt][Yy]|[Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn]|[Tt][Ee][Cc][Hh][Nn][Oo][Ll][Oo][Gg][Yy]) [Oo][Ff][Ff][Ii][Cc][Ee][Rr]'), FALSE)
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
      OFFSET 0
    ),
    "contact_matches" AS (
      -- which contacts each account condition over contacts counts
      SELECT
        *,
        (
          COALESCE("_role" = 'economic-buyer', FALSE)
          AND COALESCE(("f_title" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))[Cc][Ii][Ss\\u017f][Oo](?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))|[Cc][Hh][Ii][Ee][Ff] [Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn] [Ss\\u017f][Ee][Cc][Uu][Rr][Ii][Tt][Yy] [Oo][Ff][Ff][Ii][Cc][Ee][Rr]'), FALSE)
        ) AS "_where_1"
      FROM "roles"
      OFFSET 0
    )
    SELECT
      "f_account_id" AS "_contact_account",
      count(CASE WHEN "_where_1" THEN 1 END) AS "_number_1"
    FROM "contact_matches"
    WHERE "f_account_id" IS NOT NULL
    GROUP BY "f_account_id"
  ) AS "contact_numbers" ON "contact_numbers"."_contact_account" = "f_account_id"
  OFFSET 0
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
        OR COALESCE(("f_name" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Tt][Ee][Ss\\u017f][Tt]|[Dd][Ee][Mm][Oo]|[Ss\\u017f][Aa][Nn][Dd][Bb][Oo][Xx])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
      ))
    ) AS "_icp",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_employees" >= 1000, FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_employees" BETWEEN 250 AND 999, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN (
          COALESCE("f_industry" IN ('asset_management', 'banking', 'insurance'), FALSE)
          OR COALESCE("f_industry" IN ('healthcare_services', 'hospitals', 'pharmaceuticals'), FALSE)
          OR COALESCE("f_industry" IN ('federal_government', 'public_education', 'state_local_government'), FALSE)
          OR COALESCE("f_industry" IN ('energy', 'telecommunications', 'utilities'), FALSE)
        ) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_annual_revenue" >= 250000000, FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE(("f_clouds" && CAST(ARRAY['aws', 'azure', 'gcp'] AS TEXT[])), FALSE) THEN 10 ELSE 0 END
      + CASE WHEN COALESCE(("f_frameworks" && CAST(ARRAY['dora', 'fedramp', 'hipaa', 'hitrust', 'iso27001', 'nerc_cip', 'nis2', 'nydfs', 'pci_dss', 'soc2'] AS TEXT[])), FALSE) THEN 15 ELSE 0 END,
      0), 100) AS "s_fit",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("_contacts_count" >= 1, FALSE) THEN 40 ELSE 0 END
      + CASE WHEN COALESCE("f_security_tool_count" >= 6, FALSE) THEN 35 ELSE 0 END
      + CASE WHEN COALESCE("f_security_tool_count" BETWEEN 3 AND 5, FALSE) THEN 20 ELSE 0 END
      + CASE WHEN COALESCE("f_last_breach" BETWEEN DATE '2024-11-01' AND DATE '2026-11-01', FALSE) THEN 25 ELSE 0 END,
      0), 100) AS "s_maturity",
    LEAST(GREATEST(
      CAST(0 AS DOUBLE PRECISION)
      + CASE WHEN COALESCE("f_surge" >= 60, FALSE) THEN 35 ELSE 0 END
      + CASE WHEN COALESCE("f_last_pricing_visit" BETWEEN DATE '2026-10-02' AND DATE '2026-11-01', FALSE) THEN 30 ELSE 0 END
      + CASE WHEN COALESCE("f_last_webinar" BETWEEN DATE '2026-09-02' AND DATE '2026-11-01', FALSE) THEN 15 ELSE 0 END
      + CASE WHEN COALESCE("f_last_security_job_post" BETWEEN DATE '2026-08-03' AND DATE '2026-11-01', FALSE) THEN 20 ELSE 0 END,
      0), 100) AS "s_intent"
  FROM "contact_aggregates"
  OFFSET 0
),
"tier_matches" AS (
  -- which tiers each ICP account matches
  SELECT
    *,
    ("_icp" AND (COALESCE("s_fit" >= 50, FALSE) AND COALESCE("s_maturity" >= 75, FALSE))) AS "_match_established",
    ("_icp" AND COALESCE("s_maturity" >= 40, FALSE)) AS "_match_developing",
    "_icp" AS "_match_emerging"
  FROM "scores"
  OFFSET 0
),
"tier_1_capacity" AS (
  -- capacity of tier 1: it keeps the best 150 of the accounts that reach it
  SELECT
    *,
    ("_match_established" AND row_number() OVER (
      PARTITION BY "_match_established"
      ORDER BY "s_intent" DESC NULLS LAST, "s_fit" DESC NULLS LAST, ("f_account_id" COLLATE "C") ASC NULLS LAST
    ) <= 150) AS "_keep_established"
  FROM "tier_matches"
  OFFSET 0
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
  OFFSET 0
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
  OFFSET 0
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
  OFFSET 0
)
SELECT
  "f_account_id" AS "account_id",
  "_icp" AS "icp",
  CASE WHEN "s_fit" * 10000 - floor("s_fit" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_fit" * 10000) + 1 ELSE floor("s_fit" * 10000) END / 10000 AS "fit",
  CASE WHEN "s_maturity" * 10000 - floor("s_maturity" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_maturity" * 10000) + 1 ELSE floor("s_maturity" * 10000) END / 10000 AS "maturity",
  CASE WHEN "s_intent" * 10000 - floor("s_intent" * 10000) >= CAST('0.5' AS DOUBLE PRECISION) THEN floor("s_intent" * 10000) + 1 ELSE floor("s_intent" * 10000) END / 10000 AS "intent",
  "_tier" AS "tier",
  "_segment" AS "segment",
  "_activations" AS "activations"
FROM "activations"
ORDER BY ("f_account_id" COLLATE "C") NULLS LAST;

-- contacts
-- segform contacts for plan sha256:d19d54f97257b8825b9530d4aca13f25bf16ef71e1ed680c1f6ecf2daeaa2365 (postgres), as of 2026-11-01; ordered by key
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
    CASE WHEN "v_department" IN ('security', 'it', 'compliance', 'risk', 'procurement', 'legal') THEN "v_department" END AS "f_department",
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
          COALESCE(("f_title" ~ E'(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))(?:[Cc][Ii][Ss\\u017f][Oo]|[Cc][Ii][Oo]|[Cc][Tt][Oo])(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))'), FALSE)
          OR COALESCE(("f_title" ~ E'[Cc][Hh][Ii][Ee][Ff] (?:[Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn] [Ss\\u017f][Ee][Cc][Uu][Rr][Ii][Tt][Yy]|[Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn]|[Tt][Ee][Cc][Hh][Nn][Oo][Ll][Oo][Gg][Yy]) [Oo][Ff][Ff][Ii][Cc][Ee][Rr]'), FALSE)
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
  OFFSET 0
)
SELECT
  "f_contact_id" AS "contact_id",
  "f_account_id" AS "account_id",
  "_role" AS "role"
FROM "roles"
ORDER BY ("f_contact_id" COLLATE "C") NULLS LAST;
