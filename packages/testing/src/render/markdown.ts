/** User text (ids, names, messages, paths) as GitHub-flavoured markdown that renders literally; shared with @segform/diff. */

export { markdownCode, markdownText } from "@segform/plan";
