// RE2 -> PostgreSQL ARE / Snowflake ERE translation. The PostgreSQL translation is checked against RE2JS (the
// engine's matcher) on a real server, over hand-picked and generated patterns; DuckDB's regexp_matches is checked
// to be RE2 on the same cases. Snowflake cannot run here: its translation is pinned by exact expected text.
import fc from "fast-check";
import { RE2JS } from "re2js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlUnsupportedError } from "./errors.js";
import { portableRe2, translateRegex } from "./regex.js";
import { sqlBuilder } from "./builder.js";
import { DialectSql } from "./dialect.js";
import { duckdb, postgres, postgresUrl, type TestEngine } from "../test/engines.js";

describe("translateRegex: PostgreSQL", () => {
  const are = (pattern: string) => translateRegex(pattern, "postgres").pattern;

  it("writes classes as explicit ASCII sets and `.` as anything but a newline", () => {
    expect(are("^31[12]")).toBe("^31[12]");
    expect(are("\\d+")).toBe("[0-9]+");
    expect(are("a.b")).toBe("a[^\\u000a]b");
    expect(are("(?s)a.b")).toBe("a.b");
    expect(are("[^a]")).toBe("[^a]");
    expect(are("\\w")).toBe("[0-9A-Z\\u005fa-z]");
    expect(are("[[:space:]]")).toBe("[\\u0009-\\u000d\\u0020]");
  });

  it("compiles case-insensitivity into case-fold sets, RE2's simple folding included", () => {
    expect(are("(?i)ab")).toBe("[Aa][Bb]");
    expect(are("(?i)k")).toBe("[Kk\\u212a]");
    expect(are("(?i)s")).toBe("[Ss\\u017f]");
    expect(are("(?i)[^s]")).toBe("[^Ss\\u017f]");
    expect(are("a(?i)b|C")).toBe("a[Bb]|[Cc]");
    expect(are("(?i:a)b")).toBe("[Aa]b");
  });

  it("writes word boundaries and line anchors with lookaround over ASCII word characters", () => {
    expect(are("\\bx")).toBe("(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))x");
    expect(are("(?m)^x$")).toBe("(?<![^\\u000a])x(?![^\\u000a])");
  });

  it("drops laziness and captures, keeps the language", () => {
    expect(are("(a+?)(?P<n>b)*?")).toBe("a+b*");
    expect(are("a|")).toBe("a?");
    expect(are("(|a)b")).toBe("a?b");
    expect(are("x{300}")).toBe("x{255}x{45}");
    expect(are("x{2,300}")).toBe("x{2,255}x{0,45}");
    expect(are("(ab){0,2}")).toBe("(?:ab){0,2}");
    expect(are("^*a")).toBe("a");
    expect(are("\\Qa.b\\E+")).toBe("a\\.b+");
  });

  it("knows when a pattern matches every text", () => {
    expect(translateRegex("", "postgres").matchesEverything).toBe(true);
    expect(translateRegex("()|", "postgres").matchesEverything).toBe(true);
    expect(translateRegex("a*", "postgres").matchesEverything).toBe(false);
  });

  it("refuses what it cannot write exactly, naming the pattern", () => {
    expect(() => are("\\pL+")).toThrow(SqlUnsupportedError);
    expect(() => are("\\pL+")).toThrow(/the pattern "\\\\pL\+" uses a Unicode character class/);
    expect(() => are("(?i)café")).toThrow(/case-insensitive non-ASCII letter "é"/);
    expect(() => are("(?i)[\\x{80}-\\x{10FFFF}]")).toThrow(SqlUnsupportedError);
  });

  it("accepts non-ASCII text without case folding", () => {
    expect(are("café|😀")).toBe("café|😀");
    expect(are("(?i)€")).toBe("€");
  });
});

describe("portableRe2", () => {
  it("spells named groups the way every RE2 build reads, and changes nothing else", () => {
    expect(portableRe2("(?<name>a)(?P<b>c)")).toBe("(?P<name>a)(?P<b>c)");
    expect(portableRe2("[(?<]\\(?<x>")).toBe("[(?<]\\(?<x>"); // an escaped ( opens no group
    expect(portableRe2("\\Q(?<n>\\E(?<m>x)")).toBe("\\Q(?<n>\\E(?P<m>x)");
    expect(portableRe2("[]a(?<]b")).toBe("[]a(?<]b");
    expect(portableRe2("(?i)\\b(test|demo)\\b")).toBe("(?i)\\b(test|demo)\\b");
  });
});

describe("translateRegex: Snowflake", () => {
  const ere = (pattern: string) => translateRegex(pattern, "snowflake").pattern;

  it("writes POSIX ERE with raw characters in brackets and a positive set for every class", () => {
    expect(ere("^31[12]")).toBe("^31[12]");
    expect(ere("(?i)\\b(test|demo)\\b")).toBe("\\b([Tt][Ee][Ss\u017f][Tt]|[Dd][Ee][Mm][Oo])\\b");
    expect(ere("a.b")).toBe("a.b");
    expect(ere("(?s)a.b")).toBe("a(.|\n)b");
    expect(ere("[^a]")).toBe("(\\\\|[]\u0001-Z_`b-\u{d7ff}\u{e000}-\u{10ffff}[^])");
    expect(ere("[\\]\\-^]")).toBe("[]^-]");
    expect(ere("[-^]")).toBe("[-^]");
    expect(ere("[\\\\a]")).toBe("(\\\\|a)");
    expect(ere("a\\.b\\+")).toBe("a\\.b\\+");
  });

  it("refuses line anchors", () => {
    expect(() => ere("(?m)^a")).toThrow(/multi-line anchors/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Against real engines

const HAND_PICKED = [
  "(?i)\\b(test|demo|sandbox)\\b",
  "(?i)^(vp|head) of (revenue|sales|finance)",
  "(?i)(operations|demand gen)",
  "(?i)(hr|people) op(eration)?s|hris",
  "(?i)\\b(chro|cfo)\\b",
  "(?i)chief (people|human resources|financial) officer",
  "(?i)\\b(ciso|cio|cto)\\b",
  "^31[12]",
  "^336[1-3]",
  "^(334[1-46-9]|335)",
  "^325[1-35-9]",
  "^(327|3323|3219)",
  "a.b",
  "(?s)a.b",
  "(?m)^b$",
  "(?m)a$",
  "b$",
  "\\Ab",
  "a\\z",
  "\\Ba\\B",
  "(?i)k",
  "(?i)s+",
  "(?i)[^k]",
  "(?i)\\w+",
  "(?i)\\W",
  "(?i)[[:^alpha:]]",
  "[[:punct:]]+",
  "[^\\n]+",
  "\\s",
  "[\\d-z]",
  "[a-b-d]",
  "[]a]",
  "[^]a]",
  "x{2,}",
  "(ab|a)*b",
  "a|",
  "\\x41\\x{42}\\101",
  "\\Q.*\\E",
  "é+",
  "[é-ë]",
  "_\\b",
  "(?i)K",
  "(?<name>a)b",
  "(?P<x>k)[(?<]\\(?<",
  "\\Q(?<n>\\E(?<m>x)",
];

const SUBJECT_CHARS = [
  "a",
  "b",
  "k",
  "K",
  "s",
  "S",
  "\u017f",
  "\u212a",
  "x",
  "_",
  "1",
  " ",
  "-",
  "\n",
  "é",
  "É",
  "A",
  "B",
  ".",
  "*",
  "]",
];

function subjects(): string[] {
  const fixed = [
    "",
    "test",
    "a test run",
    "Test_account",
    "demo-co",
    "DEMO",
    "\u212aelvin",
    "VP of Sales",
    "vp of  sales",
    "Head of Finance",
    "Chief People Officer",
    "HR Ops",
    "hris lead",
    "people operations",
    "CFO",
    "the cfo's office",
    "CISO/CTO",
    "311111",
    "3361",
    "3345",
    "3255",
    "3219",
    "AB",
    ".*",
    "café",
  ];
  const generated = fc.sample(fc.string({ unit: fc.constantFrom(...SUBJECT_CHARS), maxLength: 6 }), {
    numRuns: 160,
    seed: 7,
  });
  return [...new Set([...fixed, ...generated])];
}

function generatedPatterns(count: number): string[] {
  const literal = fc.constantFrom(
    "a",
    "b",
    "k",
    "s",
    "K",
    "S",
    "x",
    "_",
    "1",
    " ",
    "-",
    "é",
    "\\.",
    "\\n",
    "\\x41",
    "\\*",
    "\\]",
  );
  const klass = fc.constantFrom(
    "[a-c]",
    "[^a]",
    "[[:alpha:]]",
    "[^[:space:]]",
    "\\d",
    "\\w",
    "\\s",
    "\\W",
    "\\D",
    "[k-s]",
    "[^\\n]",
    "[_\\d]",
    "[-a]",
    "[a-]",
    "[]a]",
    "[^]a]",
    ".",
    "[\\\\x]",
  );
  const anchor = fc.constantFrom("^", "$", "\\b", "\\B", "\\A", "\\z");
  const quantifier = fc.constantFrom("", "", "", "*", "+", "?", "{0,2}", "{2}", "{1,}", "*?", "+?");
  const { alt } = fc.letrec<{ alt: string; concat: string; atom: string }>((tie) => ({
    atom: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literal,
      klass,
      anchor,
      fc
        .tuple(fc.constantFrom("(", "(?:", "(?i:", "(?-i:", "(?s:", "(?m:"), tie("alt"))
        .map(([open, body]) => `${open}${body})`),
    ),
    concat: fc
      .array(
        fc.tuple(tie("atom"), quantifier).map(([a, q]) => a + q),
        { minLength: 0, maxLength: 4 },
      )
      .map((items) => items.join("")),
    alt: fc.array(tie("concat"), { minLength: 1, maxLength: 3 }).map((branches) => branches.join("|")),
  }));
  const pattern = fc
    .tuple(fc.constantFrom("", "", "(?i)", "(?s)", "(?m)", "(?is)", "(?im)"), alt)
    .map(([flags, body]) => flags + body);
  return fc
    .sample(pattern, { numRuns: count * 3, seed: 42 })
    .filter((p) => {
      try {
        RE2JS.compile(p);
        return true;
      } catch {
        return false;
      }
    })
    .slice(0, count);
}

const PATTERNS = [...HAND_PICKED, ...generatedPatterns(400)];

function checkAgainstRe2(
  name: string,
  connect: () => Promise<TestEngine>,
  matcher: (subject: string, pattern: string) => string | null,
): void {
  describe(`${name} agrees with RE2JS`, () => {
    let db: TestEngine;
    const texts = subjects();
    beforeAll(async () => {
      db = await connect();
      await db.load(
        "subjects",
        ["subject"],
        texts.map((text) => [text]),
      );
    });
    afterAll(async () => db?.close());

    it("on every hand-picked and generated pattern", async () => {
      const differences: string[] = [];
      let refused = 0;
      for (const pattern of PATTERNS) {
        const predicate = matcher("subject", pattern);
        if (predicate === null) {
          refused++;
          continue;
        }
        let rows: Record<string, unknown>[];
        try {
          rows = await db.query(`SELECT "subject", ${predicate} AS "m" FROM "subjects" ORDER BY "__row"`);
        } catch (error) {
          differences.push(`${JSON.stringify(pattern)} as ${predicate}: ${(error as Error).message}`);
          continue;
        }
        const re = RE2JS.compile(pattern);
        rows.forEach((row, index) => {
          const want = re.test(texts[index]!);
          if (Boolean(row.m) !== want)
            differences.push(
              `${JSON.stringify(pattern)} on ${JSON.stringify(texts[index])}: SQL ${String(row.m)}, RE2JS ${want}`,
            );
        });
      }
      expect(differences.slice(0, 15)).toEqual([]);
      // Only case-insensitive non-ASCII letters may be refused; most patterns must translate.
      expect(refused).toBeLessThan(PATTERNS.length / 3);
    });
  });
}

checkAgainstRe2(
  "DuckDB regexp_matches",
  duckdb,
  (column, pattern) => new DialectSql("duckdb").regexPartialMatch(sqlBuilder("duckdb").ident(column), pattern).text,
);

const pgUrl = postgresUrl();
if (pgUrl) {
  checkAgainstRe2(
    "PostgreSQL ~ with the translation",
    () => postgres(pgUrl),
    (column, pattern) => {
      const { sql, ident } = sqlBuilder("postgres");
      try {
        const translated = translateRegex(pattern, "postgres");
        return translated.matchesEverything ? "TRUE" : sql`(${ident(column)} ~ ${translated.pattern})`.text;
      } catch (error) {
        if (error instanceof SqlUnsupportedError) return null;
        throw error;
      }
    },
  );
} else {
  it.skip("PostgreSQL ~ with the translation agrees with RE2JS (no PostgreSQL server)", () => {});
}

describe("case folding outside ASCII", () => {
  it("a character JavaScript maps to no other case has no case-fold partner in RE2", () => {
    // The translation refuses a case-insensitive letter unless its upper and lower case are itself; check that
    // RE2's folding agrees: (?i) over all such characters matches exactly them.
    const ranges: string[] = [];
    let start = -1;
    const caseless = (cp: number) => {
      if (cp >= 0xd800 && cp <= 0xdfff) return false;
      const s = String.fromCodePoint(cp);
      return s.toLowerCase() === s && s.toUpperCase() === s;
    };
    const hex = (cp: number) => cp.toString(16);
    for (let cp = 0x80; cp <= 0x110000; cp++) {
      const inside = cp <= 0x10ffff && caseless(cp);
      if (inside && start < 0) start = cp;
      if (!inside && start >= 0) {
        ranges.push(`\\x{${hex(start)}}-\\x{${hex(cp - 1)}}`);
        start = -1;
      }
    }
    const folded = RE2JS.compile(`(?i)[${ranges.join("")}]`);
    const plain = RE2JS.compile(`[${ranges.join("")}]`);
    const extra: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      if (folded.test(s) !== plain.test(s)) extra.push(hex(cp));
    }
    expect(extra).toEqual([]);
  });
});
