/**
 * RE2 patterns (what `matches` accepts, checked by the compiler with RE2JS) translated for engines that are not
 * RE2: PostgreSQL's advanced regular expressions (ARE) and Snowflake's POSIX ERE dialect. DuckDB and BigQuery
 * run RE2 itself and get the pattern unchanged.
 *
 * The pattern is parsed (regex-parse.ts) the way RE2's parser does (Go's regexp/syntax, which RE2JS ports) into a
 * small tree in which every character class is an explicit set of code points, so nothing is left to the target's
 * locale:
 * - `\d`, `\w`, `\s`, `[[:alpha:]]` and the other POSIX classes become explicit ASCII sets (ARE's are
 *   locale-dependent and Unicode-aware);
 * - `(?i)` is compiled away: every letter becomes the set of its case-fold orbit ([aA], [kK\u212A], [sS\u017F]),
 *   exactly RE2's simple case folding for ASCII; a case-insensitive non-ASCII letter is refused (its orbit
 *   depends on Unicode tables the target does not share);
 * - `.` is "any character but \n" unless (?s), as in RE2 (ARE's `.` matches \n);
 * - `\b` / `\B` become lookaround over [0-9A-Za-z_] in ARE (ARE's `\y` uses the locale's word characters);
 *   Snowflake documents `\b` with that same ASCII word class;
 * - (?m) line anchors become (?<![^\n]) and (?![^\n]) in ARE;
 * - lazy quantifiers become greedy and captures become plain groups: only whether a match exists matters;
 * - repeat counts above 255 (POSIX's RE_DUP_MAX) are split into consecutive bounded repeats.
 * Unicode classes (\pL, \p{Greek}) cannot be written without Unicode tables and are refused.
 */
import { SqlUnsupportedError } from "./errors.js";
import {
  ALL,
  ALL_BUT_NEWLINE,
  MAX_RUNE,
  negate,
  normalize,
  contains,
  sameSet,
  printable,
  parseRegex,
  type Assertion,
  type Node,
  type Ranges,
  type RegexTarget,
} from "./regex-parse.js";

/** What a translation gives: a pattern, or the knowledge that every (non-empty) text matches. */
export interface TranslatedRegex {
  pattern: string;
  /** The pattern matches the empty string at the start of any text: the test is true for every present value. */
  matchesEverything: boolean;
}

/** Translates an RE2 pattern for a target; throws SqlUnsupportedError for what cannot be written exactly. */
export function translateRegex(pattern: string, target: RegexTarget): TranslatedRegex {
  const tree = parseRegex(pattern, target);
  if (tree.kind === "concat" && tree.items.length === 0) return { pattern: "", matchesEverything: true };
  const emitter = new Emitter(pattern, target);
  return { pattern: emitter.emit(tree, 0), matchesEverything: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Emitters

const WORD_CLASS_ARE = "[0-9A-Za-z_]";
const ARE_ASSERTIONS: Record<Assertion, string> = {
  begin_text: "^",
  end_text: "$",
  begin_line: "(?<![^\\u000a])",
  end_line: "(?![^\\u000a])",
  word_boundary: `(?:(?<=${WORD_CLASS_ARE})(?!${WORD_CLASS_ARE})|(?<!${WORD_CLASS_ARE})(?=${WORD_CLASS_ARE}))`,
  not_word_boundary: `(?:(?<=${WORD_CLASS_ARE})(?=${WORD_CLASS_ARE})|(?<!${WORD_CLASS_ARE})(?!${WORD_CLASS_ARE}))`,
};
const ERE_SPECIAL = new Set([..."\\.[]()*+?{}|^$"].map((ch) => ch.charCodeAt(0)));
const DUP_MAX = 255;

class Emitter {
  constructor(
    private readonly pattern: string,
    private readonly target: RegexTarget,
  ) {}

  private unsupported(what: string): SqlUnsupportedError {
    const name = this.target === "postgres" ? "PostgreSQL" : "Snowflake";
    return new SqlUnsupportedError(
      `the pattern ${JSON.stringify(this.pattern)} uses ${what}, which cannot be translated exactly to ${name} regular expressions`,
      this.target,
      null,
      "rewrite the pattern without it, or use the duckdb or bigquery dialect (RE2)",
    );
  }

  private group(body: string): string {
    return this.target === "postgres" ? `(?:${body})` : `(${body})`;
  }

  /** precedence: 0 alternation, 1 concatenation, 2 quantified atom. */
  emit(node: Node, precedence: number): string {
    switch (node.kind) {
      case "set":
        return this.set(node.ranges);
      case "assert":
        return this.assertion(node.what);
      case "concat": {
        const text = node.items.map((item) => this.emit(item, 1)).join("");
        return precedence > 1 && node.items.length > 1 ? this.group(text) : text;
      }
      case "alt": {
        const text = node.items.map((item) => this.emit(item, 0)).join("|");
        return precedence > 0 ? this.group(text) : text;
      }
      case "repeat":
        return this.repeat(node.item, node.min, node.max, precedence);
    }
  }

  private repeat(item: Node, min: number, max: number, precedence: number): string {
    let atom = this.emit(item, 2);
    // A quantifier cannot follow a quantifier in ARE or ERE.
    if (item.kind === "repeat") atom = this.group(atom);
    const pieces: string[] = [];
    if (max !== -1 && max > DUP_MAX) {
      // x{n,m} as consecutive x{a,b} with b <= 255: counts add up, and each piece's range is an interval.
      let low = min;
      let high = max;
      while (high > 0) {
        const b = Math.min(DUP_MAX, high);
        const a = Math.min(low, b);
        pieces.push(atom + this.bounds(a, b));
        low -= a;
        high -= b;
      }
    } else if (min > DUP_MAX) {
      let low = min;
      while (low > DUP_MAX) {
        pieces.push(atom + `{${DUP_MAX}}`);
        low -= DUP_MAX;
      }
      pieces.push(atom + this.bounds(low, max === -1 ? -1 : max - (min - low)));
    } else pieces.push(atom + this.bounds(min, max));
    const text = pieces.join("");
    return pieces.length > 1 && precedence > 1 ? this.group(text) : text;
  }

  private bounds(min: number, max: number): string {
    if (min === 0 && max === -1) return "*";
    if (min === 1 && max === -1) return "+";
    if (min === 0 && max === 1) return "?";
    if (max === -1) return `{${min},}`;
    if (min === max) return min === 1 ? "" : `{${min}}`;
    return `{${min},${max}}`;
  }

  private assertion(what: Assertion): string {
    if (this.target === "postgres") return ARE_ASSERTIONS[what];
    switch (what) {
      case "begin_text":
        return "^";
      case "end_text":
        return "$";
      case "word_boundary":
        return "\\b";
      case "not_word_boundary":
        return "\\B";
      default:
        throw this.unsupported("multi-line anchors ((?m) with ^ or $)");
    }
  }

  private set(all: Ranges): string {
    const ranges = printable(all);
    if (this.target === "postgres") return this.areSet(ranges);
    return this.ereSet(ranges);
  }

  // PostgreSQL ARE: escapes are allowed inside brackets, so every character that is not a plain ASCII letter
  // or digit is written as \uXXXX there; outside brackets, punctuation is escaped with a backslash.
  private areSet(ranges: Ranges): string {
    if (sameSet(ranges, printable(ALL))) return "."; // not newline-sensitive: ARE's . matches \n too
    if (ranges.length === 0) return "[^\\u0001-\\U0010ffff]"; // matches nothing
    if (ranges.length === 1 && ranges[0]![0] === ranges[0]![1]) return this.areLiteral(ranges[0]![0]);
    if (contains(ranges, MAX_RUNE)) return `[^${this.areItems(printable(negate(ranges)))}]`;
    return `[${this.areItems(ranges)}]`;
  }

  private areItems(ranges: Ranges): string {
    return ranges
      .map(([lo, hi]) =>
        lo === hi
          ? this.areClassChar(lo)
          : lo + 1 === hi
            ? this.areClassChar(lo) + this.areClassChar(hi)
            : `${this.areClassChar(lo)}-${this.areClassChar(hi)}`,
      )
      .join("");
  }

  private areClassChar(cp: number): string {
    if (/[0-9A-Za-z]/.test(String.fromCodePoint(cp))) return String.fromCodePoint(cp);
    return unicodeEscape(cp);
  }

  private areLiteral(cp: number): string {
    const ch = String.fromCodePoint(cp);
    if (/[0-9A-Za-z ]/.test(ch)) return ch;
    if (cp < 0x7f && cp > 0x20) return "\\" + ch; // ARE: \ before a non-alphanumeric character is that character
    if (cp >= 0xa0 && !/[\p{C}\p{Z}]/u.test(ch)) return ch;
    return unicodeEscape(cp);
  }

  // Snowflake (POSIX ERE): inside brackets a backslash may or may not be an escape, so brackets hold raw
  // characters only (the string literal escapes what does not print), a backslash goes outside them, and the
  // set is always written positively (whether [^...] matches \n is not documented).
  private ereSet(ranges: Ranges): string {
    if (sameSet(ranges, printable(ALL_BUT_NEWLINE))) return ".";
    if (sameSet(ranges, printable(ALL))) return "(.|\n)";
    if (ranges.length === 0) throw this.unsupported("a class that matches no character");
    if (ranges.length === 1 && ranges[0]![0] === ranges[0]![1]) return this.ereLiteral(ranges[0]![0]);
    const backslash = contains(ranges, 0x5c);
    const rest = backslash ? normalize(negate(normalize([...negate(ranges), [0x5c, 0x5c]]))) : ranges;
    const bracket =
      rest.length === 0
        ? ""
        : rest.length === 1 && rest[0]![0] === rest[0]![1]
          ? this.ereLiteral(rest[0]![0])
          : this.ereBracket(rest);
    if (!backslash) return bracket;
    return bracket === "" ? "\\\\" : `(\\\\|${bracket})`;
  }

  private ereBracket(ranges: Ranges): string {
    // ] first; - last; ^ anywhere but first; [ where no : . = can follow it; no range starts or ends on one
    // of them (a range may pass over them).
    const special = [0x5d, 0x5e, 0x2d, 0x5b];
    const singles = new Set<number>();
    let body = "";
    for (let [lo, hi] of ranges) {
      while (lo <= hi && special.includes(lo)) singles.add(lo++);
      while (hi >= lo && special.includes(hi)) singles.add(hi--);
      if (lo > hi) continue;
      if (lo === hi) body += String.fromCodePoint(lo);
      else if (lo + 1 === hi) body += String.fromCodePoint(lo) + String.fromCodePoint(hi);
      else body += `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`;
    }
    let text = (singles.has(0x5d) ? "]" : "") + body + (singles.has(0x5b) ? "[" : "");
    let dash = singles.has(0x2d);
    if (singles.has(0x5e)) {
      if (text === "" && dash) {
        text = "-^";
        dash = false;
      } else if (text === "") return "\\^";
      else text += "^";
    }
    if (dash) text += "-";
    return `[${text}]`;
  }

  private ereLiteral(cp: number): string {
    if (ERE_SPECIAL.has(cp)) return "\\" + String.fromCodePoint(cp);
    return String.fromCodePoint(cp);
  }
}

function unicodeEscape(cp: number): string {
  return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/**
 * An RE2 pattern in the syntax every RE2 build reads: named groups written (?<name>...) (which RE2JS accepts)
 * become (?P<name>...) (the older spelling; DuckDB's RE2 refuses the newer one). Nothing else changes.
 */
export function portableRe2(pattern: string): string {
  let out = "";
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      if (pattern[i + 1] === "Q") {
        // \Q...\E: literal text up to \E
        const end = pattern.indexOf("\\E", i + 2);
        const stop = end < 0 ? n : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      out += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === "[") {
      // A class: a first ] is a literal; [:name:] inside; escapes inside.
      let j = i + 1;
      if (pattern[j] === "^") j++;
      if (pattern[j] === "]") j++;
      while (j < n && pattern[j] !== "]") {
        if (pattern[j] === "\\") j += 2;
        else if (pattern.startsWith("[:", j) && pattern.indexOf(":]", j + 2) >= 0) j = pattern.indexOf(":]", j + 2) + 2;
        else j++;
      }
      out += pattern.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (pattern.startsWith("(?<", i) && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") {
      out += "(?P<";
      i += 3;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
