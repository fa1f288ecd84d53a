import { at, type CheckContext } from "../context.js";

const SECRET_NAME = /(token|secret|password|passwd|api[_-]?key|private[_-]?key|credential)/i;
const ENV_REF = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Secrets are only ever `${env:NAME}` references: no literal tokens, no passwords inside URLs. */
export function SecretRule(ctx: CheckContext): void {
  for (const [name, entry] of ctx.spec.destinations) {
    const destination = entry.value;
    if (destination.url && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(destination.url)) {
      ctx.error("SEG030", `destination ${name}: the url carries a password`, at(entry.at, "url"), "value", 'move the credential to `token: "${env:NAME}"`');
    }
    for (const [key, value] of Object.entries(destination.options ?? {})) {
      if (SECRET_NAME.test(key) && !(typeof value === "string" && ENV_REF.test(value))) {
        ctx.error("SEG030", `destination ${name}: option ${key} looks like a secret but is a literal`, at(entry.at, "options", key), "value", 'write "${env:NAME}" and set NAME in the environment');
      }
    }
  }
}
