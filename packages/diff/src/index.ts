export * from "./model.js";
export { diffPlans } from "./definitions.js";
export { MembershipDiffer, type MembershipDiffOptions, type MembershipDiffResult, type EvaluatedAccount } from "./membership.js";
export { renderDiffPretty, renderDiffMarkdown, renderDiffJson, DIFF_COMMENT_MARKER, GITHUB_COMMENT_LIMIT, type DiffMarkdownOptions } from "./render/index.js";
