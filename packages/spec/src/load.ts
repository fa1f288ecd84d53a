import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node as YamlNode,
  type ParsedNode,
} from "yaml";
import { DiagnosticBag, type Diagnostic, type SourceLocation } from "./diagnostics.js";

/** A path into a document: mapping keys and sequence indexes. */
export type Path = readonly (string | number)[];

export const LIMITS = {
  /** Bytes; a definition file larger than this is refused before parsing. */
  maxFileBytes: 2 * 1024 * 1024,
  /** Nesting depth of mappings and sequences. */
  maxDepth: 64,
  /**
   * YAML tokens (keys, values, separators, comments) in one file, counted by the lexer before parsing. The parser
   * costs about 5 µs a token, so this bounds a file of a million one-character list items (or aliases) to a fast
   * refusal instead of a long parse. A 2 MiB file of ordinary definitions has about 800,000.
   */
  maxTokens: 1_000_000,
};

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const STANDARD_TAGS = new Set([
  "tag:yaml.org,2002:str",
  "tag:yaml.org,2002:int",
  "tag:yaml.org,2002:float",
  "tag:yaml.org,2002:bool",
  "tag:yaml.org,2002:null",
  "tag:yaml.org,2002:map",
  "tag:yaml.org,2002:seq",
]);

interface NodeRanges {
  /** The value node. */
  value: [number, number];
  /** The key node, when the value sits in a mapping. */
  key?: [number, number];
}

/** A parsed YAML file: its plain value plus a map from paths to source positions. */
export class SourceDocument {
  readonly ranges = new Map<string, NodeRanges>();
  readonly lineCounter = new LineCounter();
  value: unknown = undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** Location of the value (or its key) at `path`; falls back to the nearest enclosing node. */
  locate(path: Path, part: "value" | "key" = "value"): SourceLocation {
    for (let length = path.length; length >= 0; length--) {
      const ranges = this.ranges.get(pathKey(path.slice(0, length)));
      if (!ranges) continue;
      const range = part === "key" && length === path.length && ranges.key ? ranges.key : ranges.value;
      return this.locationOf(range);
    }
    return { file: this.file, line: 1, column: 1 };
  }

  /** The source text of the value at `path` exactly as written (undefined when there is no node there). */
  sourceText(path: Path): string | undefined {
    const ranges = this.ranges.get(pathKey(path));
    return ranges ? this.text.slice(ranges.value[0], ranges.value[1]) : undefined;
  }

  /** Whether a node exists at `path`. */
  has(path: Path): boolean {
    return this.ranges.has(pathKey(path));
  }

  locationOf([start, end]: [number, number]): SourceLocation {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start, end));
    return { file: this.file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }
}

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

/** `tiers[0].when.all[1]`: a path as people write it. */
export function pathText(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out || "(document)";
}

export interface LoadResult {
  document: SourceDocument;
  diagnostics: Diagnostic[];
}

/**
 * Parses YAML safely: duplicate keys, aliases, custom tags, non-finite numbers and reserved keys (`__proto__`, `constructor`,
 * `prototype`) are refused; size and nesting depth are bounded. Never throws on bad input.
 */
export function loadYaml(file: string, text: string): LoadResult {
  const document = new SourceDocument(file, text);
  const bag = new DiagnosticBag();
  if (Buffer.byteLength(text, "utf8") > LIMITS.maxFileBytes) {
    bag.error(
      "SEG003",
      `file is larger than ${LIMITS.maxFileBytes / 1024 / 1024} MiB`,
      { file, line: 1, column: 1 },
      "split it with `imports`",
    );
    return { document, diagnostics: bag.sorted() };
  }
  const tooDeep = nestingTooDeep(text, 2 * LIMITS.maxDepth);
  if (tooDeep !== undefined) {
    // Not parsed, so the line counter is empty: count lines here.
    const before = text.slice(0, tooDeep);
    const line = before.split("\n").length;
    const column = tooDeep - before.lastIndexOf("\n");
    const location = { file, line, column, endLine: line, endColumn: column + 1 };
    bag.error(
      "SEG003",
      `nesting deeper than ${LIMITS.maxDepth} levels`,
      location,
      "flatten the condition with `define`",
    );
    return { document, diagnostics: bag.sorted() };
  }
  const tooMany = tokenLimitOffset(text, LIMITS.maxTokens);
  if (tooMany !== undefined) {
    const before = text.slice(0, tooMany);
    const line = before.split("\n").length;
    const column = tooMany - before.lastIndexOf("\n");
    bag.error(
      "SEG003",
      `more than ${LIMITS.maxTokens.toLocaleString("en-US")} YAML tokens (keys, values, separators) in one file`,
      { file, line, column, endLine: line, endColumn: column + 1 },
      "split it with `imports`, or move long lists of values into the data",
    );
    return { document, diagnostics: bag.sorted() };
  }
  let parsed: Document.Parsed;
  try {
    parsed = parseDocument(text, {
      lineCounter: document.lineCounter,
      // Duplicate keys are found by `walk` (a Set per mapping): the parser's own check is quadratic in a mapping's size.
      uniqueKeys: false,
      schema: "core",
      prettyErrors: false,
      strict: true,
      stringKeys: false,
    });
  } catch (error) {
    bag.error("SEG001", `cannot parse YAML: ${(error as Error).message}`, { file, line: 1, column: 1 });
    return { document, diagnostics: bag.sorted() };
  }
  let exhausted = false;
  // After the first syntax error the parser's view of the rest is unreliable: what it reports after it (a wrong
  // indent on every following line, a duplicate key made of two half-read mappings) mostly follows from it. The
  // first one is reported, with a hint for its kind, and the count of the others.
  const syntax = parsed.errors
    .filter((problem) => !["DUPLICATE_KEY", "RESOURCE_EXHAUSTION"].includes(problem.code))
    .sort((a, b) => a.pos[0] - b.pos[0]);
  const firstSyntax = syntax[0];
  for (const problem of parsed.errors) {
    if (
      firstSyntax &&
      problem !== firstSyntax &&
      problem.pos[0] >= firstSyntax.pos[0] &&
      problem.code !== "RESOURCE_EXHAUSTION"
    )
      continue;
    const [start, end] = problem.pos;
    const location = document.locationOf([start, end]);
    if (problem.code === "DUPLICATE_KEY") {
      const key = keyAt(parsed, start);
      bag.error(
        "SEG002",
        key ? `duplicate key "${String(key.value)}"` : "duplicate key in mapping",
        key ? document.locationOf(key.range) : location,
        "each key may appear once; remove or rename one",
      );
    } else if (problem.code === "RESOURCE_EXHAUSTION") {
      // The parser ran out of stack: the nesting is far deeper than the limit. Say so once, not as a JS error.
      if (!exhausted)
        bag.error(
          "SEG003",
          `nesting deeper than ${LIMITS.maxDepth} levels`,
          location,
          "flatten the condition with `define`",
        );
      exhausted = true;
    } else {
      // An unclosed quote or bracket is reported where the file ends; point at where it was opened instead.
      const opener =
        problem.code === "MISSING_CHAR" || problem.code === "BAD_INDENT"
          ? openerEndingAt(parsed, text, start)
          : undefined;
      const where = opener === undefined ? location : document.locationOf([opener, opener + 1]);
      const more = syntax.length - 1;
      const after =
        more > 0
          ? ` (${more} more syntax ${more === 1 ? "error" : "errors"} after it, probably caused by this one)`
          : "";
      // Found an opener: the problem is that it is never closed, whatever the parser called it.
      const hint =
        opener !== undefined
          ? SYNTAX_HINTS.MISSING_CHAR
          : (implicitKeyHint(problem, text, start) ?? SYNTAX_HINTS[problem.code]);
      bag.error(
        "SEG001",
        firstLine(problem.message) + after,
        where,
        hint ?? "check indentation, quotes and colons around here",
      );
    }
  }
  const reportedTags = new Set<string>();
  for (const warning of parsed.warnings) {
    const location = document.locationOf(warning.pos);
    const tag = /^Unresolved tag: (.*)$/.exec(firstLine(warning.message));
    if (tag) {
      bag.error("SEG003", `custom YAML tag ${tag[1]} is not supported`, location, "remove the tag");
      reportedTags.add(tag[1]!);
    } else bag.error("SEG003", firstLine(warning.message), location);
  }
  // After a syntax error the tree is unreliable; after a duplicate key or an unknown tag it is not, so keep
  // looking for aliases, reserved keys and the rest, and report them all at once.
  if (exhausted || bag.items.some((item) => item.code === "SEG001")) return { document, diagnostics: bag.sorted() };
  const context: WalkContext = { reportedTags, aliases: 0, firstAlias: -1 };
  // The walk also builds the plain value (as `parsed.toJS()` would, for the documents it accepts: plain scalar keys,
  // no aliases, tags or merge keys), which saves a second pass over the tree.
  const value = parsed.contents
    ? walk(parsed.contents as ParsedNode, "[]", 1, undefined, document, bag, context)
    : null;
  if (context.aliases > SHOWN_ALIASES) {
    // The first few aliases are shown, the first with the count: a file of 300,000 aliases gave 300,000 errors.
    const first = bag.items[context.firstAlias]!;
    const count = context.aliases.toLocaleString("en-US");
    bag.items[context.firstAlias] = {
      ...first,
      message: `${first.message} (${count} aliases in this file, the first ${SHOWN_ALIASES} shown)`,
    };
  }
  if (bag.hasErrors) return { document, diagnostics: bag.sorted() };
  document.value = value;
  return { document, diagnostics: bag.sorted() };
}

/**
 * Where the nesting first goes past `limit` levels, estimated without parsing: flow brackets outside quoted
 * scalars and comments, plus one level per deeper indentation and per compact `- ` / `? ` / `: ` at the start
 * of a line. Checked before parsing because the parser recurses once per level: a few thousand levels in a
 * small file take it seconds and can leave V8 unable to compile regular expressions, aborting the process.
 * The estimate is generous; the exact limit is enforced on the parsed tree.
 */
function nestingTooDeep(text: string, limit: number): number | undefined {
  let flow = 0;
  const indents: number[] = [];
  let indent = 0;
  let compact = 0;
  let atLineStart = true;
  let previous = "\n"; // the last significant character on this line
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      previous = c;
      atLineStart = true;
      indent = 0;
      compact = 0;
      continue;
    }
    if (atLineStart) {
      if (c === " ") {
        indent++;
        continue;
      }
      atLineStart = false;
      if (flow === 0 && c !== "#" && c !== "\r") {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (c === " " || c === "\t" || c === "\r") continue;
    if (c === "#" && (i === 0 || " \t\n".includes(text[i - 1]!))) {
      const end = text.indexOf("\n", i);
      if (end < 0) break;
      i = end - 1;
      continue;
    }
    if (
      flow === 0 &&
      (c === "-" || c === "?" || c === ":") &&
      "\n-?:".includes(previous) &&
      " \t\r\n".includes(text[i + 1] ?? "\n")
    ) {
      compact++;
      if (indents.length + compact > limit) return i;
      previous = c;
      continue;
    }
    // A quote opens a quoted scalar only where a value starts (not in "don't").
    if ((c === '"' || c === "'") && "\n:,[{-?".includes(previous)) {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (c === '"' && text[j] === "\\") j++;
        else if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      i = j;
      previous = c;
      continue;
    }
    if (c === "[" || c === "{") {
      flow++;
      if (indents.length + compact + flow > limit) return i;
    } else if ((c === "]" || c === "}") && flow > 0) flow--;
    previous = c;
  }
  return undefined;
}

/** Hints for the YAML parser's error codes, in words a person fixes the file with. */
const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: "YAML indents with spaces only: replace the tab with spaces",
  BAD_INDENT: "indent this line like the other keys of its mapping (spaces, the same number)",
  MISSING_CHAR: "close the quote or bracket opened here",
  BAD_SCALAR_START: "quote the value: it starts with a character YAML reserves (@, `, %, |, >)",
  MULTILINE_IMPLICIT_KEY:
    "a key must fit on one line: add the missing colon after the key here, or close a quote left open above",
  BLOCK_AS_IMPLICIT_KEY:
    "a key must fit on one line: add the missing colon after the key here, or close a quote left open above",
};

/**
 * The parser reports a key that runs onto the next line where that key starts: on the line whose colon is missing
 * (`tiers` instead of `tiers:`, `key id` instead of `key: id`). When that line is a plain word, or a word and a
 * value, the hint names the fix.
 */
function implicitKeyHint(problem: { code: string; message: string }, text: string, start: number): string | undefined {
  const implicitKey =
    problem.code === "MULTILINE_IMPLICIT_KEY" ||
    problem.code === "BLOCK_AS_IMPLICIT_KEY" ||
    // `key id` on the last line: the parser misses the colon (MISSING_CHAR) rather than a closing quote.
    (problem.code === "MISSING_CHAR" &&
      problem.message.startsWith("Implicit map keys need to be followed by map values"));
  if (!implicitKey) return undefined;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== "") return undefined;
  const end = text.indexOf("\n", start);
  const line = text.slice(start, end === -1 ? text.length : end).trim();
  const match = /^([A-Za-z_][\w-]{0,63})(?:[ \t]+([^:#'"]{1,60}))?$/.exec(line);
  if (!match) return undefined;
  const fixed = match[2] === undefined ? `${match[1]}:` : `${match[1]}: ${match[2]}`;
  return `a key must fit on one line: write \`${fixed}\` (the colon is missing), or close a quote left open above`;
}

/** The key scalar starting at `offset` (where the parser reports a duplicate key). */
function keyAt(parsed: Document.Parsed, offset: number): { value: unknown; range: [number, number] } | undefined {
  let found: { value: unknown; range: [number, number] } | undefined;
  try {
    visit(parsed, {
      Pair(_, pair) {
        const key = pair.key as ParsedNode | null;
        if (key && isScalar(key) && key.range?.[0] === offset) {
          found = { value: key.value, range: [key.range[0], key.range[1]] };
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    // Too deep to walk: fall back to the parser's position.
  }
  return found;
}

/** Start of the innermost quoted scalar or flow collection that runs up to `offset`, if any. */
function openerEndingAt(parsed: Document.Parsed, text: string, offset: number): number | undefined {
  let found: number | undefined;
  const consider = (node: unknown) => {
    const range = (node as ParsedNode | null)?.range;
    if (!range || range[1] !== offset || !"\"'{[".includes(text[range[0]] ?? " ")) return;
    if (found === undefined || range[0] > found) found = range[0];
  };
  try {
    visit(parsed, {
      Scalar: (_, node) => consider(node),
      Map: (_, node) => consider(node),
      Seq: (_, node) => consider(node),
    });
  } catch {
    return undefined;
  }
  return found;
}

/** `!!binary` rather than `tag:yaml.org,2002:binary`: the tag as it was written. */
function tagText(tag: string): string {
  return tag.replace(/^tag:yaml\.org,2002:/, "!!");
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function rangeOf(node: YamlNode | null | undefined): [number, number] | undefined {
  const range = (node as ParsedNode | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

interface WalkContext {
  readonly reportedTags: ReadonlySet<string>;
  /** Aliases seen, and the index in the bag of the one reported. */
  aliases: number;
  firstAlias: number;
}

/** Where the lexer's token count first passes `limit`, or undefined. Lexer control tokens take no source text. */
function tokenLimitOffset(text: string, limit: number): number | undefined {
  // Fewer characters than the limit cannot hold more tokens than it.
  if (text.length <= limit) return undefined;
  let count = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && LEXER_CONTROL.has(token)) continue;
    if (++count > limit) return offset;
    offset += token.length;
  }
  return undefined;
}

/** Aliases reported one by one; past this, the first says how many there are. */
const SHOWN_ALIASES = 10;

/** The yaml lexer's zero-width markers (document start, flow error, scalar start). */
const LEXER_CONTROL = new Set(["\x02", "\x18", "\x1f"]);

/** `pathKey([...path, part])` from `pathKey(path)`, without the array. */
function childKey(parent: string, part: string | number): string {
  return parent === "[]" ? `[${JSON.stringify(part)}]` : `${parent.slice(0, -1)},${JSON.stringify(part)}]`;
}

/**
 * Checks the node and everything under it, records the source ranges by path (`key` is `pathKey(path)`) and
 * returns the node's plain value (meaningful only when no error was reported).
 */
function walk(
  node: ParsedNode | null,
  key: string,
  depth: number,
  keyRange: [number, number] | undefined,
  document: SourceDocument,
  bag: DiagnosticBag,
  context: WalkContext,
): unknown {
  const reportedTags = context.reportedTags;
  if (node === null) return null;
  let valueRange = rangeOf(node) ?? keyRange ?? [0, 0];
  // `key:` with nothing after it: point at the key, not at the empty space after the colon.
  if (keyRange && isScalar(node) && node.value === null && valueRange[0] === valueRange[1]) valueRange = keyRange;
  document.ranges.set(key, keyRange ? { value: valueRange, key: keyRange } : { value: valueRange });
  if (isAlias(node)) {
    if (++context.aliases > SHOWN_ALIASES) return;
    if (context.aliases === 1) context.firstAlias = bag.items.length;
    bag.error(
      "SEG003",
      "YAML aliases (*name) are not supported",
      document.locationOf(valueRange),
      "write the value out, or use `define` for a reusable condition",
    );
    return;
  }
  const tag = (node as { tag?: string }).tag;
  if (tag && !STANDARD_TAGS.has(tag)) {
    if (!reportedTags.has(tag))
      bag.error(
        "SEG003",
        `custom YAML tag ${tagText(tag)} is not supported`,
        document.locationOf(valueRange),
        "remove the tag",
      );
    return;
  }
  if (depth > LIMITS.maxDepth) {
    bag.error(
      "SEG003",
      `nesting deeper than ${LIMITS.maxDepth} levels`,
      document.locationOf(valueRange),
      "flatten the condition with `define`",
    );
    return;
  }
  if (isScalar(node) && typeof node.value === "number" && !Number.isFinite(node.value)) {
    bag.error(
      "SEG003",
      `${JSON.stringify(document.text.slice(valueRange[0], valueRange[1]))} is not a finite number`,
      document.locationOf(valueRange),
      "write a finite number; .inf, .nan and numbers too large for a double are not supported",
    );
    return;
  }
  if (isMap(node)) {
    // Keys of different YAML types can still collide as object keys (`true` and "true"); the parser only
    // catches keys with equal values.
    const keysSeen = new Set<string>();
    const object: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as ParsedNode | null;
      const keyRangeHere = rangeOf(keyNode) ?? valueRange;
      if (keyNode && !isScalar(keyNode)) {
        bag.error("SEG003", "mapping keys must be plain scalars", document.locationOf(keyRangeHere));
        continue;
      }
      if (keyNode && isAlias(keyNode)) continue;
      const keyTag = (keyNode as { tag?: string } | null)?.tag;
      if (keyTag && !STANDARD_TAGS.has(keyTag)) {
        if (!reportedTags.has(keyTag))
          bag.error(
            "SEG003",
            `custom YAML tag ${tagText(keyTag)} is not supported`,
            document.locationOf(keyRangeHere),
            "remove the tag",
          );
        continue;
      }
      const keyValue = (keyNode as { value?: unknown } | null)?.value;
      if (keyValue === null || keyValue === undefined || keyValue === "") {
        // `~:` and `"":` both become the key "" in JavaScript, which no name, id or column can be.
        bag.error(
          "SEG012",
          `empty ${keyValue === null ? "(null) " : ""}key`,
          document.locationOf(keyRangeHere),
          "write a name before the colon",
        );
        continue;
      }
      const name = String(keyValue);
      if (RESERVED_KEYS.has(name)) {
        bag.error("SEG003", `the key "${name}" is reserved`, document.locationOf(keyRangeHere), "rename it");
        continue;
      }
      if (keysSeen.has(name)) {
        bag.error(
          "SEG002",
          `duplicate key "${name}"`,
          document.locationOf(keyRangeHere),
          "each key may appear once; remove or rename one",
        );
        continue;
      }
      keysSeen.add(name);
      const valueNode = pair.value as ParsedNode | null;
      if (valueNode === null) {
        document.ranges.set(childKey(key, name), { value: keyRangeHere, key: keyRangeHere });
        object[name] = null;
        continue;
      }
      object[name] = walk(valueNode, childKey(key, name), depth + 1, keyRangeHere, document, bag, context);
    }
    return object;
  }
  if (isSeq(node)) {
    const array: unknown[] = [];
    node.items.forEach((item, index) => {
      array.push(walk(item as ParsedNode | null, childKey(key, index), depth + 1, undefined, document, bag, context));
    });
    return array;
  }
  return isScalar(node) ? node.value : undefined;
}
