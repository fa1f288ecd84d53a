/**
 * A small code builder in the spirit of ajv's: generated JavaScript is assembled only from `Code` fragments,
 * and every interpolated value goes through `js`, which turns numbers, strings and booleans into literals
 * (JSON-escaped) and refuses anything else. Identifiers are validated. User text can never become code.
 */
/** Proof that a fragment was made by this module (the constructor cannot be called from outside). */
const TOKEN = Symbol("code");

export class Code {
  /** @internal */
  constructor(
    token: typeof TOKEN,
    readonly text: string,
  ) {
    if (token !== TOKEN) throw new Error("codegen: fragments are made only by the code builder");
  }
  toString(): string {
    return this.text;
  }
}

export type Interpolation = Code | number | string | boolean | null;

function literal(value: Interpolation): string {
  if (value instanceof Code) return value.text;
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new Error(`codegen: refusing non-finite number ${value}`);
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value)
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
    default:
      throw new Error(`codegen: refusing to interpolate ${typeof value}`);
  }
}

/** Tagged template: `js\`(${slot} > ${5})\``. */
export function js(strings: TemplateStringsArray, ...values: Interpolation[]): Code {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += literal(value) + strings[index + 1]!;
  });
  return new Code(TOKEN, out);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A validated identifier. */
export function id(name: string): Code {
  if (!IDENTIFIER.test(name)) throw new Error(`codegen: invalid identifier ${JSON.stringify(name)}`);
  return new Code(TOKEN, name);
}

/** Joins fragments with a separator fragment. */
export function join(parts: readonly Code[], separator: string): Code {
  if (!/^[\s|&,;+]*$/.test(separator)) throw new Error("codegen: invalid separator");
  return new Code(TOKEN, parts.map((part) => part.text).join(separator));
}
