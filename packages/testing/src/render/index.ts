export { renderPretty } from "./pretty.js";
export { renderJson } from "./json.js";
export { renderJunit } from "./junit.js";
export { renderGithub, type GithubOutput } from "./github.js";
