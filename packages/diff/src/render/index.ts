export { renderDiffPretty } from "./pretty.js";
export { renderDiffMarkdown, DIFF_COMMENT_MARKER, GITHUB_COMMENT_LIMIT, type DiffMarkdownOptions } from "./markdown.js";
export { renderDiffJson } from "./json.js";
