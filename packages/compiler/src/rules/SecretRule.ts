import type { Path } from "@segform/spec";
import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";
import { credentialInEnvName, credentialShape } from "../secrets.js";

const SECRET_NAME = /(token|secret|password|passwd|api[_-]?key|private[_-]?key|credential)/i;
const ENV_REF = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;
/** Keys whose values are prose or conditions, not settings. */
const NOT_SETTINGS = new Set(["description", "when"]);
const ENV_HINT =
  'write "${env:NAME}" and set NAME in the environment; for a value that only looks secret, write { value: ..., secret: false }';

/**
 * Secrets are only ever `${env:NAME}` references. Every value anywhere in destinations and activations is checked
 * for credential shapes (vendor key prefixes, JSON Web Tokens, URLs with a password, long random strings), and a
 * destination setting whose name says secret must be a reference. `{ value: X, secret: false }` marks a value
 * that only looks like one (an ad account id, a list id).
 */
export function SecretRule(ctx: CheckContext): void {
  for (const [name, entry] of ctx.spec.destinations)
    checkValues(ctx, `destination ${name}`, entry.value, entry.at, [], true);
  for (const [name, entry] of ctx.spec.activations)
    checkValues(ctx, `activation ${name}`, entry.value, entry.at, [], false);
}

function checkValues(
  ctx: CheckContext,
  owner: string,
  value: unknown,
  origin: Origin,
  path: Path,
  namesMatter: boolean,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkValues(ctx, owner, item, origin, [...path, index], namesMatter));
    return;
  }
  if (value !== null && typeof value === "object") {
    if (isMarkedNotSecret(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if (path.length === 0 && NOT_SETTINGS.has(key)) continue;
      if (
        namesMatter &&
        SECRET_NAME.test(key) &&
        !(typeof item === "string" && ENV_REF.test(item)) &&
        !isMarkedNotSecret(item)
      ) {
        const label = path.length === 0 ? key : [...path, key].join(".");
        ctx.error(
          "SEG030",
          `${owner}: ${label} looks like a secret but is a literal`,
          at(origin, ...path, key),
          "value",
          ENV_HINT,
        );
        continue;
      }
      checkValues(ctx, owner, item, origin, [...path, key], namesMatter);
    }
    return;
  }
  if (typeof value !== "string") return;
  const where = path.join(".");
  const inName = credentialInEnvName(value);
  if (inName) {
    ctx.error(
      "SEG030",
      `${owner}: ${where} names an environment variable that is ${inName}`,
      at(origin, ...path),
      "value",
      "write the variable's name (e.g. ${env:HUBSPOT_TOKEN}) and put the secret in that variable",
    );
    return;
  }
  const shape = credentialShape(value);
  if (shape) {
    const hint = shape === "a URL with a password" ? 'move the credential to `token: "${env:NAME}"`' : ENV_HINT;
    ctx.error("SEG030", `${owner}: ${where} looks like ${shape}`, at(origin, ...path), "value", hint);
  }
}

function isMarkedNotSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as { secret?: unknown }).secret === false;
}
