export { main } from "./main.js";
export { EXIT, CliError } from "./errors.js";
export type { Io } from "./io.js";
