import type { ComputeExpr, ComputeFunction } from "@segform/plan";
import { suggest } from "@segform/spec";

/**
 * The expression language of derived fields (`compute:`): numbers, field names, + - * /, unary minus, parentheses
 * and a closed list of functions. Parsed here into a tree with offsets into the expression text (for located
 * errors), then type-checked against the fields and lowered to the plan's ComputeExpr. Nothing in the text ever
 * becomes code: the engines build their code from the lowered tree through their escaping builders.
 */

/** A node of a parsed expression; `start`/`end` are offsets into the expression text. */
export type ComputeNode = (
  | { op: "number"; value: number }
  | { op: "field"; name: string }
  | { op: "neg"; arg: ComputeNode }
  | { op: "+" | "-" | "*" | "/"; left: ComputeNode; right: ComputeNode }
  | { op: "call"; fn: string; args: ComputeNode[]; nameEnd: number }
) & { start: number; end: number };

const COMPUTE_FUNCTIONS: readonly ComputeFunction[] = ["min", "max", "abs", "round", "coalesce", "days_between"];

/** Deepest nesting of parentheses, calls and unary minus (the parser and the engines recurse over it). */
const MAX_COMPUTE_DEPTH = 32;

/** A problem in an expression, at offsets into its text. */
export interface ComputeProblem {
  code: "SEG047" | "SEG048" | "SEG049" | "SEG052";
  message: string;
  hint: string;
  start: number;
  end: number;
}

export type ParseResult = { ok: true; node: ComputeNode } | { ok: false; problem: ComputeProblem };

type Token =
  | { kind: "number"; value: number; start: number; end: number }
  | { kind: "name"; name: string; start: number; end: number }
  | { kind: "punct"; text: "+" | "-" | "*" | "/" | "(" | ")" | ","; start: number; end: number }
  | { kind: "end"; start: number; end: number };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NAME_PART = /^-[A-Za-z0-9_]+/;

class ParseError extends Error {
  constructor(readonly problem: ComputeProblem) {
    super(problem.message);
  }
}

function fail(code: ComputeProblem["code"], message: string, hint: string, start: number, end: number): never {
  throw new ParseError({ code, message, hint, start, end });
}

/**
 * Splits the text into tokens. Field names may hold `-` (as the language allows), which is also minus: a name is
 * extended over `-part` only while the longer name is one of `names` (so `arr-2024` reads the field `arr-2024`
 * when there is one, and `arr - x` or `arr-x` subtracts otherwise).
 */
function tokenize(text: string, names: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value))
        fail("SEG047", `the number ${number[0]} is too large`, "write a number below 1.8e308", i, i + number[0].length);
      if (NAME.test(text.slice(i + number[0].length)))
        fail(
          "SEG047",
          `unexpected "${text[i + number[0].length]}" after the number ${number[0]}`,
          "put an operator between a number and a name, e.g. 2 * employees",
          i,
          i + number[0].length + 1,
        );
      tokens.push({ kind: "number", value, start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      let word = name[0];
      for (
        let part = NAME_PART.exec(text.slice(i + word.length));
        part && names.has(word + part[0]);
        part = NAME_PART.exec(text.slice(i + word.length))
      )
        word += part[0];
      tokens.push({ kind: "name", name: word, start: i, end: i + word.length });
      i += word.length;
      continue;
    }
    if ("+-*/(),".includes(c)) {
      tokens.push({ kind: "punct", text: c as "+", start: i, end: i + 1 });
      i++;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i)!);
    fail(
      "SEG047",
      `unexpected character ${JSON.stringify(char)}`,
      c === '"' || c === "'"
        ? "compute reads numbers and dates only: no text in expressions"
        : "use numbers, field names, + - * /, parentheses and min, max, abs, round, coalesce, days_between",
      i,
      i + char.length,
    );
  }
  tokens.push({ kind: "end", start: text.length, end: text.length });
  return tokens;
}

/** Parses an expression; `names` are the names that may hold `-` (see tokenize). */
export function parseCompute(text: string, names: ReadonlySet<string>): ParseResult {
  try {
    return { ok: true, node: new Parser(tokenize(text, names)).parse() };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, problem: error.problem };
    throw error;
  }
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the expression";
    case "number":
      return `the number ${token.value}`;
    case "name":
      return `"${token.name}"`;
    case "punct":
      return `"${token.text}"`;
  }
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.index]!;
  }

  private isPunct(text: string): boolean {
    const token = this.token;
    return token.kind === "punct" && token.text === text;
  }

  parse(): ComputeNode {
    if (this.token.kind === "end")
      fail("SEG047", "the expression is empty", 'write an expression, e.g. "revenue / employees"', 0, 0);
    const node = this.sum();
    const token: Token = this.tokens[this.index]!;
    if (token.kind !== "end") {
      const hint =
        token.kind === "punct" && token.text === ")"
          ? "remove the extra )"
          : "join the parts with an operator: + - * /";
      fail("SEG047", `unexpected ${describeToken(token)}`, hint, token.start, token.end);
    }
    return node;
  }

  private nested<T>(start: number, end: number, inner: () => T): T {
    if (++this.depth > MAX_COMPUTE_DEPTH)
      fail(
        "SEG052",
        `the expression nests deeper than ${MAX_COMPUTE_DEPTH} levels`,
        "split it into several computed fields",
        start,
        end,
      );
    try {
      return inner();
    } finally {
      this.depth--;
    }
  }

  private sum(): ComputeNode {
    let left = this.product();
    while (this.isPunct("+") || this.isPunct("-")) {
      const op = (this.token as { text: "+" | "-" }).text;
      this.index++;
      const right = this.product();
      left = { op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private product(): ComputeNode {
    let left = this.unary();
    while (this.isPunct("*") || this.isPunct("/")) {
      const op = (this.token as { text: "*" | "/" }).text;
      this.index++;
      const right = this.unary();
      left = { op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): ComputeNode {
    const token = this.token;
    if (this.isPunct("-")) {
      this.index++;
      return this.nested(token.start, token.end, () => {
        const arg = this.unary();
        return { op: "neg" as const, arg, start: token.start, end: arg.end };
      });
    }
    return this.primary();
  }

  private primary(): ComputeNode {
    const token = this.token;
    switch (token.kind) {
      case "number":
        this.index++;
        return { op: "number", value: token.value, start: token.start, end: token.end };
      case "name": {
        this.index++;
        if (!this.isPunct("(")) return { op: "field", name: token.name, start: token.start, end: token.end };
        this.index++;
        return this.nested(token.start, token.end, () => {
          const args: ComputeNode[] = [];
          if (!this.isPunct(")")) {
            args.push(this.sum());
            while (this.isPunct(",")) {
              this.index++;
              args.push(this.sum());
            }
          }
          const close = this.token;
          if (!this.isPunct(")"))
            fail(
              "SEG047",
              `expected "," or ")" in the call of ${token.name}, found ${describeToken(close)}`,
              `close the call: ${token.name}(...)`,
              close.start,
              close.end,
            );
          this.index++;
          return { op: "call" as const, fn: token.name, args, nameEnd: token.end, start: token.start, end: close.end };
        });
      }
      case "punct":
        if (token.text === "(") {
          this.index++;
          return this.nested(token.start, token.end, () => {
            const inner = this.sum();
            const close = this.token;
            if (!this.isPunct(")"))
              fail(
                "SEG047",
                `expected ")" to close the "(" at character ${token.start + 1}, found ${describeToken(close)}`,
                "close every ( with a )",
                close.start,
                close.end,
              );
            this.index++;
            return { ...inner, start: token.start, end: close.end };
          });
        }
        return fail(
          "SEG047",
          `expected a number, a field or a function, found ${describeToken(token)}`,
          'e.g. "revenue / employees" or "min(seats, 100)"',
          token.start,
          token.end,
        );
      case "end":
        return fail(
          "SEG047",
          "the expression ends too early",
          "complete it: an operator needs a value after it",
          token.start,
          token.end,
        );
    }
  }
}

/** The value types of expressions: numbers (doubles) and dates. */
export type ComputeType = "number" | "date";

/** What a name reads: an input field (its declared type) or another computed field. */
export interface ComputeNames {
  /** The declared type of a field (input or computed), or undefined when there is none by that name. */
  typeOf(name: string): string | undefined;
  /** Every field name, for did-you-mean. */
  all: readonly string[];
}

export type CheckResult =
  | { ok: true; type: ComputeType; expr: ComputeExpr }
  | { ok: false; problems: ComputeProblem[] };

/** Checks a parsed expression's names and types; lowers it to the plan's ComputeExpr when it is sound. */
export function checkCompute(node: ComputeNode, names: ComputeNames): CheckResult {
  const problems: ComputeProblem[] = [];
  const report = (code: ComputeProblem["code"], message: string, hint: string, at: { start: number; end: number }) =>
    problems.push({ code, message, hint, start: at.start, end: at.end });
  // null: a problem already reported below this node.
  const visit = (n: ComputeNode): { type: ComputeType; expr: ComputeExpr } | null => {
    switch (n.op) {
      case "number":
        return { type: "number", expr: { op: "number", value: n.value } };
      case "field": {
        const declared = names.typeOf(n.name);
        if (declared === undefined) {
          const near = suggest(n.name, [...names.all]);
          const fn = COMPUTE_FUNCTIONS.includes(n.name as ComputeFunction);
          report(
            "SEG048",
            `unknown field "${n.name}" in compute`,
            fn
              ? `${n.name} is a function: call it, ${n.name}(...)`
              : near
                ? `did you mean "${near}"?`
                : "declare it under fields",
            n,
          );
          return null;
        }
        if (declared !== "integer" && declared !== "number" && declared !== "date") {
          report(
            "SEG049",
            `compute reads numbers and dates; ${n.name} is ${declared}`,
            "use a number, integer or date field",
            n,
          );
          return null;
        }
        return { type: declared === "date" ? "date" : "number", expr: { op: "field", name: n.name, type: declared } };
      }
      case "neg": {
        const arg = visit(n.arg);
        if (!arg) return null;
        if (arg.type !== "number") {
          report(
            "SEG049",
            "unary minus needs a number, not a date",
            "days between two dates: days_between(from, to)",
            n.arg,
          );
          return null;
        }
        return { type: "number", expr: { op: "neg", arg: arg.expr } };
      }
      case "+":
      case "-":
      case "*":
      case "/": {
        const left = visit(n.left);
        const right = visit(n.right);
        if (!left || !right) return null;
        for (const [side, operand] of [[n.left, left] as const, [n.right, right] as const]) {
          if (operand.type !== "number") {
            report(
              "SEG049",
              `${n.op} needs numbers, not a date`,
              "days between two dates: days_between(from, to)",
              side,
            );
            return null;
          }
        }
        return { type: "number", expr: { op: n.op, left: left.expr, right: right.expr } };
      }
      case "call": {
        const fn = n.fn as ComputeFunction;
        const nameAt = { start: n.start, end: n.nameEnd };
        if (!COMPUTE_FUNCTIONS.includes(fn)) {
          const near = suggest(n.fn, [...COMPUTE_FUNCTIONS]);
          report(
            "SEG048",
            `unknown function "${n.fn}" in compute`,
            near
              ? `did you mean "${near}"? (functions: ${COMPUTE_FUNCTIONS.join(", ")})`
              : `the functions are ${COMPUTE_FUNCTIONS.join(", ")}`,
            nameAt,
          );
          n.args.forEach(visit);
          return null;
        }
        const args = n.args.map(visit);
        const arity = ARITY[fn];
        if (n.args.length < arity[0] || n.args.length > arity[1]) {
          const wanted =
            arity[0] === arity[1]
              ? `${arity[0]}`
              : arity[1] === Infinity
                ? `at least ${arity[0]}`
                : `${arity[0]} or ${arity[1]}`;
          report(
            "SEG049",
            `${fn} takes ${wanted} argument${wanted === "1" ? "" : "s"}, not ${n.args.length}`,
            USAGE[fn],
            n,
          );
          return null;
        }
        if (args.some((arg) => arg === null)) return null;
        const typed = args as { type: ComputeType; expr: ComputeExpr }[];
        const expr: ComputeExpr = { op: "call", fn, args: typed.map((arg) => arg.expr) };
        switch (fn) {
          case "abs":
            if (typed[0]!.type !== "number")
              return (report("SEG049", "abs needs a number, not a date", USAGE.abs, n.args[0]!), null);
            return { type: "number", expr };
          case "round": {
            if (typed[0]!.type !== "number")
              return (report("SEG049", "round needs a number, not a date", USAGE.round, n.args[0]!), null);
            const digits = n.args[1];
            if (
              digits &&
              !(digits.op === "number" && Number.isInteger(digits.value) && digits.value >= 0 && digits.value <= 10)
            ) {
              report("SEG049", "round's digits must be a whole number from 0 to 10", USAGE.round, digits);
              return null;
            }
            return { type: "number", expr };
          }
          case "days_between":
            for (const [index, arg] of typed.entries()) {
              if (arg.type !== "date")
                return (report("SEG049", "days_between needs two dates", USAGE.days_between, n.args[index]!), null);
            }
            return { type: "number", expr };
          default: {
            // min, max, coalesce: all numbers or all dates.
            const type = typed[0]!.type;
            const other = typed.findIndex((arg) => arg.type !== type);
            if (other >= 0)
              return (
                report("SEG049", `${fn} needs all numbers or all dates, not both`, USAGE[fn], n.args[other]!), null
              );
            return { type, expr };
          }
        }
      }
    }
  };
  const result = visit(node);
  if (!result || problems.length) return { ok: false, problems };
  return { ok: true, type: result.type, expr: result.expr };
}

const ARITY: Record<ComputeFunction, [number, number]> = {
  min: [2, Infinity],
  max: [2, Infinity],
  abs: [1, 1],
  round: [1, 2],
  coalesce: [2, Infinity],
  days_between: [2, 2],
};

const USAGE: Record<ComputeFunction, string> = {
  min: "min(a, b, ...): the smallest of two or more numbers (or dates)",
  max: "max(a, b, ...): the largest of two or more numbers (or dates)",
  abs: "abs(x): the absolute value of a number",
  round: "round(x) or round(x, digits): rounded half up, digits from 0 to 10",
  coalesce: "coalesce(a, b, ...): the first value that is not missing",
  days_between: "days_between(from, to): whole days from one date to another",
};

/**
 * How large the SQL of an expression grows: `min` and `max` read each argument twice (a NULL check, then
 * LEAST/GREATEST, whose NULL handling differs between dialects), so nesting them doubles the size.
 */
export function sqlSize(expr: ComputeExpr): number {
  switch (expr.op) {
    case "number":
    case "field":
      return 1;
    case "neg":
      return 1 + sqlSize(expr.arg);
    case "call": {
      const inner = expr.args.reduce((sum, arg) => sum + sqlSize(arg), 0);
      return 1 + (expr.fn === "min" || expr.fn === "max" ? 2 * inner : inner);
    }
    default:
      return 1 + sqlSize(expr.left) + sqlSize(expr.right);
  }
}

/** The largest SQL size (sqlSize) a derived field may have. */
export const MAX_COMPUTE_SQL_SIZE = 2000;
