export * from "./types.js";
export { canonicalJson, planHash, withHash, serializePlan, parsePlan, PlanFormatError } from "./canonical.js";
export { exprText, testText, valueText, exprRefs, contactsText, planDefines } from "./text.js";
export { parseDay, parseIsoDay, parseDayAs, formatDay } from "./dates.js";
export { ASCII_LOWER, ASCII_UPPER, asciiLower, asciiUpper, foldCase, normalizeNullValues } from "./fold.js";
export { markdownCode, markdownText, oneLine, textLines } from "./display.js";
export { computeText, computeRefs } from "./compute.js";
