// The third-party benchmark's rules (segments.yaml) written by hand as a plain streaming Node script, for
// comparison with `segform run --engine js`: `node hand-written.mjs IN.csv OUT.csv`. It reads the CSV a chunk at a
// time (quoted cells without line breaks, which is what the generator writes), coerces only what the rules read,
// with the same meaning as segform's field contract for the values the generator writes (trim, ASCII case folding,
// placeholders, thousands separators, dates with a time suffix, boolean words; anything else is missing), and
// writes the same CSV as `segform run`. Not a general CSV reader: it is what a data engineer would write for this
// export.
import { createReadStream, createWriteStream } from "node:fs";

const [input, output] = process.argv.slice(2);
const AS_OF_DAY = Date.parse("2026-11-01T00:00:00Z") / 86_400_000;

const PLACEHOLDERS = new Set(["n/a", "unknown", "-"]);
const INTEGER = /^[+-]?\d+$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$)/;
const TRUE = new Set(["true", "t", "yes", "y", "1"]); // any other text (false, no, 0, empty) reads as false here

function number(cell, integer, placeholders) {
  let t = cell.trim();
  if (t === "" || (placeholders && PLACEHOLDERS.has(t.toLowerCase()))) return null;
  if (THOUSANDS.test(t)) t = t.replaceAll(",", "");
  if (integer ? !INTEGER.test(t) : !NUMBER.test(t)) return null;
  return Number(t);
}
const dayCache = new Map();
function day(cell) {
  const t = cell.trim();
  if (t === "") return null;
  let d = dayCache.get(t);
  if (d === undefined) {
    const m = DATE.exec(t);
    d = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000 : null;
    if (dayCache.size < 4096) dayCache.set(t, d);
  }
  return d;
}
const lower = (cell, placeholders) => {
  const t = cell.trim().toLowerCase();
  return t === "" || (placeholders && PLACEHOLDERS.has(t)) ? null : t;
};
const list = (cell, separator) => {
  const items = [];
  for (const item of cell.split(separator)) {
    const t = item.trim();
    if (t !== "") items.push(t.toLowerCase());
  }
  return items.length ? items : null;
};
const within = (d, days) => d !== null && d <= AS_OF_DAY && d >= AS_OF_DAY - days;

function label(c) {
  const employees = number(c[2], true, true);
  const revenue = number(c[3], false, true);
  const industry = lower(c[4], true);
  const country = c[5].trim().toUpperCase();
  const customerText = c[14].trim().toLowerCase();
  const customer = TRUE.has(customerText);
  const owner = c[18].trim().toLowerCase();
  const icp =
    ((employees !== null && employees >= 20) || (revenue !== null && revenue >= 2_000_000) || customer) &&
    !(
      industry === "government" ||
      country === "CU" ||
      country === "IR" ||
      country === "KP" ||
      owner.endsWith("@competitor.com")
    );

  const regionText = c[6].trim().toUpperCase();
  const region =
    regionText === "NA" || regionText === "EMEA" || regionText === "APAC" || regionText === "LATAM" ? regionText : null;
  const tech = list(c[7], ";");
  const topics = list(c[8], "|");
  const intent = number(c[11], false, false) ?? 0;
  const lastActivity = day(c[12]);
  const visits = number(c[10], true, false) ?? 0;
  const fundingText = lower(c[17], true);
  const growth = number(c[19], false, false);
  const targetIndustry = industry === "software" || industry === "fintech" || industry === "saas";
  const onWarehouse =
    tech !== null && (tech.includes("snowflake") || tech.includes("databricks") || tech.includes("bigquery"));
  let fit = 0;
  if (employees !== null && employees >= 200 && employees <= 5000) fit += 15;
  if (employees !== null && employees > 5000) fit += 10;
  if (revenue !== null && revenue >= 10_000_000) fit += 10;
  if (targetIndustry) fit += 15;
  if (region === "NA" || region === "EMEA") fit += 10;
  if (onWarehouse) fit += 10;
  if (tech?.includes("dbt") && tech.includes("segment")) fit += 5;
  if (
    topics !== null &&
    (topics.includes("reverse-etl") || topics.includes("data-activation") || topics.includes("cdp"))
  )
    fit += 10;
  if (intent >= 70) fit += 10;
  if (within(lastActivity, 30)) fit += 10;
  if (visits >= 1000) fit += 5;
  if (fundingText === "series_b" || fundingText === "series_c" || fundingText === "growth") fit += 5;
  if (growth !== null && growth > 10) fit += 5;
  if (customer) fit -= 20;
  fit = Math.min(100, Math.max(0, fit));
  const engagement = Math.min(100, Math.max(0, intent));

  let tier = "";
  let segment = "";
  if (icp) {
    tier = fit >= 70 && engagement >= 50 ? "tier-a" : fit >= 50 ? "tier-b" : fit >= 30 ? "tier-c" : "";
    const openOpps = number(c[15], true, false) ?? 0;
    const renewal = day(c[13]);
    const nps = number(c[16], true, true);
    if (customer && openOpps >= 1) segment = "expansion";
    else if (renewal !== null && renewal >= AS_OF_DAY && renewal <= AS_OF_DAY + 90 && nps !== null && nps < 0)
      segment = "renewal-risk";
    else if (onWarehouse && (industry === "software" || industry === "saas")) segment = "warehouse-native";
    else if (industry === "fintech") segment = "fintech";
    else if ((topics !== null && topics.length >= 3) || within(lastActivity, 7)) segment = "in-market";
    else segment = "other";
  }
  return `${c[0].trim()},${icp},${fit},${Math.round(engagement * 10_000) / 10_000},${tier},${segment},\n`;
}

/** Cells of one line: split on commas, or (when the line has a quote) RFC 4180 quoted cells. */
function cells(line) {
  if (line.indexOf('"') === -1) return line.split(",");
  const out = [];
  for (let i = 0; i <= line.length; ) {
    if (line.charCodeAt(i) === 34) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 2;
          break;
        }
      }
      out.push(value);
    } else {
      let end = line.indexOf(",", i);
      if (end === -1) end = line.length;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

const out = createWriteStream(output, { highWaterMark: 1 << 20 });
let buffer = "account_id,icp,fit,engagement,tier,segment,activations\n";
let rest = "";
let header = true;
for await (const chunk of createReadStream(input, { encoding: "utf8", highWaterMark: 1 << 16 })) {
  const text = rest + chunk;
  let start = 0;
  for (let end = text.indexOf("\n", start); end !== -1; start = end + 1, end = text.indexOf("\n", start)) {
    if (header) header = false;
    else if (end > start) buffer += label(cells(text.slice(start, end)));
  }
  rest = text.slice(start);
  if (buffer.length > 1 << 16) {
    if (!out.write(buffer)) await new Promise((resolve) => out.once("drain", resolve));
    buffer = "";
  }
}
if (rest !== "") buffer += label(cells(rest));
out.end(buffer);
await new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject));
