/**
 * The RE2 pattern parser of the regex translator (regex.ts): parses a pattern the way RE2's parser does (Go's
 * regexp/syntax, which RE2JS ports) into a small tree in which every character class is an explicit set of code
 * points, then simplifies it to the same language in a form both targets can write.
 */
import { SqlUnsupportedError } from "./errors.js";

export type RegexTarget = "postgres" | "snowflake";

/** Sorted, disjoint, non-adjacent inclusive code point ranges. */
export type Ranges = [number, number][];

export type Assertion = "begin_text" | "end_text" | "begin_line" | "end_line" | "word_boundary" | "not_word_boundary";

export type Node =
  | { kind: "set"; ranges: Ranges }
  | { kind: "assert"; what: Assertion }
  | { kind: "concat"; items: Node[] }
  | { kind: "alt"; items: Node[] }
  | { kind: "repeat"; item: Node; min: number; max: number /* -1: unbounded */ };

interface Flags {
  foldCase: boolean;
  multiLine: boolean;
  dotAll: boolean;
}

export const MAX_RUNE = 0x10ffff;
export const EMPTY: Node = { kind: "concat", items: [] };

/** Parses and simplifies an RE2 pattern; throws SqlUnsupportedError for what no target can write exactly. */
export function parseRegex(pattern: string, target: RegexTarget): Node {
  return simplify(new Parser(pattern, target).parse());
}

// ---------------------------------------------------------------------------------------------------------------
// Character sets

export function normalize(ranges: Ranges): Ranges {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function negate(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

export function contains(ranges: Ranges, cp: number): boolean {
  return ranges.some(([lo, hi]) => lo <= cp && cp <= hi);
}

export function sameSet(a: Ranges, b: Ranges): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x.length === y.length && x.every(([lo, hi], i) => lo === y[i]![0] && hi === y[i]![1]);
}

/** Code points no SQL text can hold (NUL, surrogates): removing them from a set changes no match. */
export function printable(ranges: Ranges): Ranges {
  return normalize(
    normalize(ranges).flatMap(([lo, hi]): Ranges => {
      const parts: Ranges = [];
      const from = Math.max(lo, 1);
      if (from <= Math.min(hi, 0xd7ff)) parts.push([from, Math.min(hi, 0xd7ff)]);
      if (Math.max(from, 0xe000) <= hi) parts.push([Math.max(from, 0xe000), hi]);
      return parts;
    }),
  );
}

export const ALL: Ranges = [[0, MAX_RUNE]];
export const ALL_BUT_NEWLINE: Ranges = [
  [0, 9],
  [11, MAX_RUNE],
];
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = normalize([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
const PERL_SPACE: Ranges = normalize([
  [9, 10],
  [12, 13],
  [32, 32],
]);
const PERL: Record<string, Ranges> = { d: DIGIT, s: PERL_SPACE, w: WORD };

const POSIX: Record<string, Ranges> = {
  alnum: normalize([
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  alpha: normalize([
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  ascii: [[0, 0x7f]],
  blank: normalize([
    [9, 9],
    [32, 32],
  ]),
  cntrl: normalize([
    [0, 0x1f],
    [0x7f, 0x7f],
  ]),
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: normalize([
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ]),
  space: normalize([
    [9, 13],
    [32, 32],
  ]),
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: normalize([
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ]),
};

/** A character with no case: JavaScript's case mappings leave it alone (so no Unicode case folding relates it to another). */
function caseless(cp: number): boolean {
  const s = String.fromCodePoint(cp);
  return s.toLowerCase() === s && s.toUpperCase() === s;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser (after Go's regexp/syntax with the Perl flags RE2 uses: ClassNL, OneLine, PerlX, UnicodeGroups)

class Parser {
  private readonly runes: number[];
  private pos = 0;

  constructor(
    private readonly pattern: string,
    private readonly target: RegexTarget,
  ) {
    this.runes = [...pattern].map((ch) => ch.codePointAt(0)!);
  }

  private unsupported(
    what: string,
    hint = "rewrite the pattern without it, or use the duckdb or bigquery dialect (RE2)",
  ): SqlUnsupportedError {
    const name = this.target === "postgres" ? "PostgreSQL" : "Snowflake";
    return new SqlUnsupportedError(
      `the pattern ${JSON.stringify(this.pattern)} uses ${what}, which cannot be translated exactly to ${name} regular expressions`,
      this.target,
      null,
      hint,
    );
  }

  private peek(offset = 0): number | undefined {
    return this.runes[this.pos + offset];
  }

  private at(text: string): boolean {
    const points = [...text].map((ch) => ch.codePointAt(0)!);
    return points.every((cp, i) => this.runes[this.pos + i] === cp);
  }

  parse(): Node {
    const flags: Flags = { foldCase: false, multiLine: false, dotAll: false };
    const node = this.parseGroupBody(flags);
    if (this.pos < this.runes.length) throw this.unsupported("an unbalanced `)`");
    return node;
  }

  /** Alternatives up to a `)` (not consumed) or the end. Flag changes last until the end of the group. */
  private parseGroupBody(outer: Flags): Node {
    const flags = { ...outer };
    const branches: Node[] = [];
    let items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x29 /* ) */) break;
      if (c === 0x7c /* | */) {
        this.pos++;
        branches.push({ kind: "concat", items });
        items = [];
        continue;
      }
      if (c === 0x2a || c === 0x2b || c === 0x3f /* * + ? */) {
        this.pos++;
        const [min, max] = c === 0x2a ? [0, -1] : c === 0x2b ? [1, -1] : [0, 1];
        this.quantify(items, min, max);
        continue;
      }
      if (c === 0x7b /* { */) {
        const repeat = this.tryRepeat();
        if (repeat) {
          this.quantify(items, repeat[0], repeat[1]);
          continue;
        }
        this.pos++;
        items.push(this.literal(c, flags));
        continue;
      }
      if (c === 0x28 /* ( */) {
        const group = this.parseParen(flags);
        if (group) items.push(group);
        continue;
      }
      if (c === 0x5e /* ^ */) {
        this.pos++;
        items.push({ kind: "assert", what: flags.multiLine ? "begin_line" : "begin_text" });
        continue;
      }
      if (c === 0x24 /* $ */) {
        this.pos++;
        items.push({ kind: "assert", what: flags.multiLine ? "end_line" : "end_text" });
        continue;
      }
      if (c === 0x2e /* . */) {
        this.pos++;
        items.push({ kind: "set", ranges: flags.dotAll ? ALL : ALL_BUT_NEWLINE });
        continue;
      }
      if (c === 0x5b /* [ */) {
        items.push({ kind: "set", ranges: this.parseClass(flags) });
        continue;
      }
      if (c === 0x5c /* \ */) {
        this.parseBackslash(items, flags);
        continue;
      }
      this.pos++;
      items.push(this.literal(c, flags));
    }
    branches.push({ kind: "concat", items });
    return branches.length === 1 ? branches[0]! : { kind: "alt", items: branches };
  }

  private quantify(items: Node[], min: number, max: number): void {
    const last = items.pop();
    if (!last) throw this.unsupported("a repetition operator with nothing to repeat");
    if (this.peek() === 0x3f /* lazy ? */) this.pos++;
    items.push({ kind: "repeat", item: last, min, max });
  }

  /** `{n}`, `{n,}`, `{n,m}` at the current position (consumed), or undefined (then `{` is a literal). */
  private tryRepeat(): [number, number] | undefined {
    const start = this.pos;
    const digits = (): number | undefined => {
      let text = "";
      while (this.peek() !== undefined && this.peek()! >= 0x30 && this.peek()! <= 0x39)
        text += String.fromCharCode(this.runes[this.pos++]!);
      return text === "" ? undefined : Number(text);
    };
    this.pos++;
    const min = digits();
    let max = min;
    if (min !== undefined && this.peek() === 0x2c /* , */) {
      this.pos++;
      max = this.peek() === 0x7d ? -1 : digits();
    }
    if (min === undefined || max === undefined || this.peek() !== 0x7d) {
      this.pos = start;
      return undefined;
    }
    this.pos++;
    if (min > 1000 || max > 1000 || (max !== -1 && max < min))
      throw this.unsupported(`the repeat count {${min},${max}}`);
    return [min, max];
  }

  /** A group, or a flag change (returns undefined). */
  private parseParen(flags: Flags): Node | undefined {
    this.pos++; // (
    if (this.peek() !== 0x3f /* ? */) return this.closeGroup(this.parseGroupBody(flags));
    if (this.at("?P<") || (this.at("?<") && this.peek(2) !== 0x3d && this.peek(2) !== 0x21)) {
      const end = this.runes.indexOf(0x3e /* > */, this.pos);
      if (end < 0) throw this.unsupported("an unterminated group name");
      this.pos = end + 1;
      return this.closeGroup(this.parseGroupBody(flags));
    }
    // (?flags) or (?flags:re)
    this.pos++;
    const changed = { ...flags };
    let negated = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.unsupported("an unterminated group");
      this.pos++;
      if (c === 0x2d /* - */) negated = true;
      else if (c === 0x69 /* i */) changed.foldCase = !negated;
      else if (c === 0x6d /* m */) changed.multiLine = !negated;
      else if (c === 0x73 /* s */) changed.dotAll = !negated;
      else if (c === 0x55 /* U: greediness does not change whether a match exists */) continue;
      else if (c === 0x29 /* ) */) {
        Object.assign(flags, changed);
        return undefined;
      } else if (c === 0x3a /* : */) return this.closeGroup(this.parseGroupBody(changed));
      else throw this.unsupported(`the group syntax (?${String.fromCodePoint(c)}`);
    }
  }

  private closeGroup(body: Node): Node {
    if (this.peek() !== 0x29) throw this.unsupported("an unterminated group");
    this.pos++;
    // A group is one item for the quantifier that may follow.
    return { kind: "concat", items: [body] };
  }

  private parseBackslash(items: Node[], flags: Flags): void {
    const c = this.peek(1);
    switch (c) {
      case 0x41: // \A
        this.pos += 2;
        items.push({ kind: "assert", what: "begin_text" });
        return;
      case 0x7a: // \z
        this.pos += 2;
        items.push({ kind: "assert", what: "end_text" });
        return;
      case 0x62: // \b
        this.pos += 2;
        items.push({ kind: "assert", what: "word_boundary" });
        return;
      case 0x42: // \B
        this.pos += 2;
        items.push({ kind: "assert", what: "not_word_boundary" });
        return;
      case 0x51: {
        // \Q...\E: literal text, one item per character (a quantifier applies to the last one)
        this.pos += 2;
        while (this.pos < this.runes.length && !this.at("\\E")) {
          items.push(this.literal(this.runes[this.pos++]!, flags));
        }
        if (this.at("\\E")) this.pos += 2;
        return;
      }
      case 0x70: // \p
      case 0x50: // \P
        throw this.unsupported(
          "a Unicode character class (\\p)",
          "spell the characters out in a class, e.g. [A-Za-z], or use the duckdb or bigquery dialect",
        );
    }
    const perl = this.perlClass(flags);
    if (perl) {
      items.push({ kind: "set", ranges: perl });
      return;
    }
    items.push(this.literal(this.parseEscape(), flags));
  }

  /** \d \D \s \S \w \W at the current position (consumed), folded then negated as RE2 does, or undefined. */
  private perlClass(flags: Flags): Ranges | undefined {
    const c = this.peek(1);
    if (c === undefined) return undefined;
    const name = String.fromCodePoint(c);
    const base = PERL[name.toLowerCase()];
    if (!base || !/^[dswDSW]$/.test(name)) return undefined;
    this.pos += 2;
    const folded = flags.foldCase ? this.fold(base) : base;
    return name === name.toUpperCase() ? negate(folded) : folded;
  }

  /** One escaped character (after the backslash): octal, hex, C escapes, escaped punctuation. */
  private parseEscape(): number {
    this.pos++; // backslash
    const c = this.runes[this.pos++];
    if (c === undefined) throw this.unsupported("a trailing backslash");
    const octal = (d: number | undefined) => d !== undefined && d >= 0x30 && d <= 0x37;
    if (c >= 0x31 && c <= 0x37 && !octal(this.peek())) throw this.unsupported("a backreference");
    if (c >= 0x30 && c <= 0x37) {
      let value = c - 0x30;
      for (let i = 1; i < 3 && octal(this.peek()); i++) value = value * 8 + (this.runes[this.pos++]! - 0x30);
      return value;
    }
    if (c === 0x78 /* x */) {
      const hexValue = (d: number | undefined) => (d === undefined ? -1 : parseInt(String.fromCodePoint(d), 16));
      if (this.peek() === 0x7b) {
        this.pos++;
        let value = 0;
        let count = 0;
        while (this.peek() !== 0x7d) {
          const v = hexValue(this.runes[this.pos++]);
          if (Number.isNaN(v) || v < 0) throw this.unsupported("an invalid \\x{...} escape");
          value = value * 16 + v;
          count++;
          if (value > MAX_RUNE) throw this.unsupported("an invalid \\x{...} escape");
        }
        this.pos++;
        if (count === 0) throw this.unsupported("an invalid \\x{} escape");
        return value;
      }
      const x = hexValue(this.runes[this.pos++]);
      const y = hexValue(this.runes[this.pos++]);
      if (!(x >= 0) || !(y >= 0)) throw this.unsupported("an invalid \\x escape");
      return x * 16 + y;
    }
    const named: Record<number, number> = { 0x61: 7, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };
    if (named[c] !== undefined) return named[c]!;
    if (c < 0x80 && !/[0-9A-Za-z]/.test(String.fromCharCode(c))) return c;
    throw this.unsupported(`the escape \\${String.fromCodePoint(c)}`);
  }

  private literal(cp: number, flags: Flags): Node {
    return { kind: "set", ranges: flags.foldCase ? this.fold([[cp, cp]]) : [[cp, cp]] };
  }

  /** The case-fold closure of a set (RE2's simple folding). Exact for ASCII; refuses other cased characters. */
  private fold(ranges: Ranges): Ranges {
    const out: Ranges = [...ranges];
    for (const [lo, hi] of ranges) {
      for (let cp = lo; cp <= Math.min(hi, 0x7f); cp++) {
        if (cp >= 0x41 && cp <= 0x5a) out.push([cp + 32, cp + 32]);
        if (cp >= 0x61 && cp <= 0x7a) out.push([cp - 32, cp - 32]);
        if (cp === 0x4b || cp === 0x6b) out.push([0x212a, 0x212a]); // KELVIN SIGN
        if (cp === 0x53 || cp === 0x73) out.push([0x17f, 0x17f]); // LATIN SMALL LETTER LONG S
      }
      for (let cp = Math.max(lo, 0x80); cp <= hi; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        if (!caseless(cp)) {
          throw this.unsupported(
            `the case-insensitive non-ASCII letter ${JSON.stringify(String.fromCodePoint(cp))} (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`,
            "list both cases explicitly, e.g. [éÉ] instead of (?i)é, or use the duckdb or bigquery dialect",
          );
        }
      }
    }
    return normalize(out);
  }

  /** A bracket class at `[` (consumed through `]`). */
  private parseClass(flags: Flags): Ranges {
    this.pos++; // [
    let negated = false;
    let ranges: Ranges = [];
    if (this.peek() === 0x5e) {
      this.pos++;
      negated = true;
      // ClassNL: a negated class matches \n (RE2 adds it here so that the negation below removes nothing)
    }
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.unsupported("an unterminated character class");
      if (c === 0x5d /* ] */ && !first) break;
      first = false;
      if (c === 0x5b && this.peek(1) === 0x3a /* [: */) {
        const close = this.findFrom(":]", this.pos + 2);
        if (close >= 0) {
          let name = String.fromCodePoint(...this.runes.slice(this.pos + 2, close));
          this.pos = close + 2;
          const negatedName = name.startsWith("^");
          if (negatedName) name = name.slice(1);
          const base = POSIX[name];
          if (!base) throw this.unsupported(`the class [:${name}:]`);
          const folded = flags.foldCase ? this.fold(base) : base;
          ranges.push(...(negatedName ? negate(folded) : folded));
          continue;
        }
      }
      if (c === 0x5c && (this.peek(1) === 0x70 || this.peek(1) === 0x50)) {
        throw this.unsupported(
          "a Unicode character class (\\p)",
          "spell the characters out in a class, e.g. [A-Za-z], or use the duckdb or bigquery dialect",
        );
      }
      if (c === 0x5c) {
        const perl = this.perlClass(flags);
        if (perl) {
          ranges.push(...perl);
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.peek() === 0x2d /* - */ && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        this.pos++;
        hi = this.classChar();
        if (hi < lo) throw this.unsupported("a reversed character range");
      }
      ranges.push(...(flags.foldCase ? this.fold([[lo, hi]]) : ([[lo, hi]] as Ranges)));
    }
    this.pos++; // ]
    ranges = normalize(ranges);
    return negated ? negate(ranges) : ranges;
  }

  private classChar(): number {
    if (this.peek() === 0x5c) return this.parseEscape();
    return this.runes[this.pos++]!;
  }

  private findFrom(text: string, from: number): number {
    const points = [...text].map((ch) => ch.codePointAt(0)!);
    for (let i = from; i + points.length <= this.runes.length; i++) {
      if (points.every((cp, j) => this.runes[i + j] === cp)) return i;
    }
    return -1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Simplification: the same language, in a form both targets can write

function simplify(node: Node): Node {
  switch (node.kind) {
    case "set":
    case "assert":
      return node;
    case "concat": {
      const items: Node[] = [];
      for (const item of node.items.map(simplify)) {
        if (item.kind === "concat") items.push(...item.items);
        else items.push(item);
      }
      return items.length === 1 ? items[0]! : { kind: "concat", items };
    }
    case "alt": {
      const branches: Node[] = [];
      let empty = false;
      for (const branch of node.items.map(simplify)) {
        if (branch.kind === "concat" && branch.items.length === 0) empty = true;
        else if (branch.kind === "alt") branches.push(...branch.items);
        else branches.push(branch);
      }
      // POSIX ERE has no empty alternative: (a|) is written (a)?
      const rest: Node =
        branches.length === 0 ? EMPTY : branches.length === 1 ? branches[0]! : { kind: "alt", items: branches };
      return empty ? repeat(rest, 0, 1) : rest;
    }
    case "repeat":
      return repeat(simplify(node.item), node.min, node.max);
  }
}

/** A simplified item repeated: nothing to repeat, or a zero-width item (which ARE cannot quantify), is resolved here. */
function repeat(item: Node, min: number, max: number): Node {
  if (max === 0 || zeroWidth(item)) {
    // Zero-width: repeating it any positive number of times is the same condition as once; zero times is empty.
    return max === 0 || min === 0 ? EMPTY : item;
  }
  if (min === 1 && max === 1) return item;
  return { kind: "repeat", item, min, max };
}

/** Matches only the empty string (assertions and empty groups). */
function zeroWidth(node: Node): boolean {
  switch (node.kind) {
    case "set":
      return false;
    case "assert":
      return true;
    case "concat":
    case "alt":
      return node.items.every(zeroWidth);
    case "repeat":
      return zeroWidth(node.item);
  }
}
