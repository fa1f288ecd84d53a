import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/golden.js";
import { hugeReport, noChangeReport, typicalReport } from "../../test/sample-reports.js";
import type { DiffReport } from "../model.js";
import { markdownCode, markdownText, utf8Length } from "./markdown-escape.js";
import { DIFF_COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderDiffMarkdown } from "./markdown.js";

/** The part of a comment that is never cut: everything before the first `<details>` and the cut note. */
function summaryOf(text: string): string {
  const end = [text.indexOf("\n\n> ✂️"), text.indexOf("\n\n<details")].filter((index) => index >= 0);
  return end.length > 0 ? text.slice(0, Math.min(...end)) : text;
}

/** Every `<details>` closed, in order, and no code fence left open. */
function expectWellFormed(text: string): void {
  let depth = 0;
  for (const tag of text.match(/<\/?details\b/g) ?? []) {
    depth += tag === "<details" ? 1 : -1;
    expect(depth).toBeGreaterThanOrEqual(0);
    expect(depth).toBeLessThanOrEqual(1);
  }
  expect(depth).toBe(0);
  expect((text.match(/^\s*(```|~~~)/gm) ?? []).length % 2).toBe(0);
  expect(text.endsWith("\n")).toBe(true);
}

function expectWithinLimit(text: string, maxLength: number): void {
  expect(text.length).toBeLessThanOrEqual(maxLength);
  expect(utf8Length(text)).toBeLessThanOrEqual(maxLength);
  expect(new TextEncoder().encode(text).length).toBe(utf8Length(text));
}

describe("renderDiffMarkdown", () => {
  it("matches the golden files", () => {
    expectGolden("no-change.md", renderDiffMarkdown(noChangeReport()));
    expectGolden("typical.md", renderDiffMarkdown(typicalReport()));
    expectGolden("huge.md", renderDiffMarkdown(hugeReport()));
  });

  it("starts with the hidden marker, then the heading", () => {
    for (const report of [noChangeReport(), typicalReport(), hugeReport()]) {
      const lines = renderDiffMarkdown(report).split("\n");
      expect(lines[0]).toBe(DIFF_COMMENT_MARKER);
      expect(lines[1]).toMatch(/^## segform diff: /);
    }
  });

  it("says No changes without any details when nothing changed", () => {
    const text = renderDiffMarkdown(noChangeReport());
    expect(text).toContain("## segform diff: no changes");
    expect(text).toContain("**No changes**: the compiled plans are identical and no account changes tier or segment.");
    expect(text).not.toContain("<details");
  });

  it("summarises each segment and tier whose membership moved, one line each, before any details", () => {
    const summary = summaryOf(renderDiffMarkdown(typicalReport()));
    const lines = summary.split("\n").filter((line) => line.startsWith("- "));
    expect(lines).toEqual([
      "- segment `fintech-security`: 0 → 41 accounts, +41 / −0",
      "- segment `saas`: 310 → 290 accounts, +0 / −20",
      "- segment `other_smb`: 540 → 519 accounts, +0 / −21",
      "- tier `tier1`: 271 → 300 accounts, +41 / −12",
      "- tier `tier2`: 400 → 382 accounts, +12 / −30",
      "- tier `tier3`: 329 → 318 accounts, +0 / −11",
    ]);
    expect(summary).toContain(
      "**Quality bars**: ❌ now failing: `segment_size` (error); ✅ now passing: `separation.win_rate`; 2 of 3 pass (was 3 of 4)",
    );
    expect(summary).toContain("**Activations**: +123 added, 41 updated, −12 removed (3 activations, 2 destinations)");
  });

  it("lists only non-empty transitions, largest first", () => {
    const report = typicalReport();
    const transitions = report.membership!.transitions;
    transitions.push({ dimension: "tier", from: "tier3", to: "tier2", count: 0, examples: [] });
    transitions.reverse();
    const text = renderDiffMarkdown(report);
    const rows = text.split("\n").filter((line) => /^\| (tier|segment) \|/.test(line));
    expect(rows.map((row) => Number(row.split("|")[4]!.trim()))).toEqual([30, 21, 20, 12, 11]);
  });

  it("is byte-identical for the same input", () => {
    expect(renderDiffMarkdown(hugeReport())).toBe(renderDiffMarkdown(structuredClone(hugeReport())));
    expect(renderDiffMarkdown(typicalReport())).toBe(renderDiffMarkdown(typicalReport()));
  });

  it("leaves the typical report whole: no cut note", () => {
    const text = renderDiffMarkdown(typicalReport());
    expect(text).not.toContain("✂️");
    expect((text.match(/<details/g) ?? []).length).toBe(6);
    expectWellFormed(text);
  });
});

describe("renderDiffMarkdown size cap", () => {
  it("keeps a huge diff under GitHub's limit, cutting examples first and saying so", () => {
    const report = hugeReport();
    const full = renderDiffMarkdown(report, { maxLength: Number.MAX_SAFE_INTEGER });
    expect(full.length).toBeGreaterThan(10 * GITHUB_COMMENT_LIMIT);
    const text = renderDiffMarkdown(report);
    expectWithinLimit(text, GITHUB_COMMENT_LIMIT);
    expectWellFormed(text);
    expect(
      text.startsWith(
        DIFF_COMMENT_MARKER + "\n## segform diff: 70 definition changes, 48,213 of 250,000 accounts move\n",
      ),
    ).toBe(true);
    expect(summaryOf(text)).toBe(summaryOf(full));
    expect(text).toMatch(
      /> ✂️ \*\*Shortened to fit a GitHub comment \(65,536 characters\)\*\*: examples left out; transitions: [\d,]+ of 4,920 shown\. Run `segform diff --format json` to see everything\./,
    );
    expect(text).not.toContain("Example accounts");
    expect(text).toContain("<summary>Definition changes (70)</summary>");
    expect(text).toContain("<summary>Quality bars before → after</summary>");
    // The transitions kept are the largest ones, and the section says how many it leaves out.
    expect(text).toMatch(/\*… and [\d,]+ more transitions\*/);
  });

  it("uses the room it has: the cut comment is close to the limit", () => {
    expect(renderDiffMarkdown(hugeReport()).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 1_000);
  });

  it.each([2_000, 5_000, 12_000, 30_000])(
    "never exceeds maxLength %i and keeps the marker and heading",
    (maxLength) => {
      const text = renderDiffMarkdown(hugeReport(), { maxLength });
      expectWithinLimit(text, maxLength);
      expectWellFormed(text);
      expect(text.startsWith(DIFF_COMMENT_MARKER + "\n## segform diff: ")).toBe(true);
      expect(text).toContain("✂️ **Shortened to fit a GitHub comment");
      expect(text).toContain("`segform diff --format json`");
    },
  );

  it("cuts the summary's group lines only when nothing else is left, and says so", () => {
    const text = renderDiffMarkdown(hugeReport(), { maxLength: 3_000 });
    expectWithinLimit(text, 3_000);
    expect(text).not.toContain("<details");
    expect(text).toMatch(/- … and [\d,]+ more segments and tiers/);
    expect(text).toMatch(/the summary leaves out [\d,]+ segments and tiers/);
  });

  it("counts UTF-8 bytes, not only characters, against the limit", () => {
    const report = typicalReport();
    const transitions = report.membership!.transitions;
    for (let index = 0; index < 3_000; index += 1) {
      transitions.push({
        dimension: "segment",
        from: `段-${index}`,
        to: "🚀-fintech",
        count: 1,
        examples: [{ account: `口座-${index}`, reason: "意図スコア ≥ 60 が偽から真に 🎯🎯🎯" }],
      });
    }
    const text = renderDiffMarkdown(report);
    expect(utf8Length(text)).toBeGreaterThan(text.length);
    expectWithinLimit(text, GITHUB_COMMENT_LIMIT);
    expectWellFormed(text);
  });

  it("refuses a limit too small for the heading", () => {
    expect(() => renderDiffMarkdown(typicalReport(), { maxLength: 100 })).toThrow(RangeError);
  });
});

describe("markdown escaping of user text", () => {
  it("renders names and reasons literally: pipes, backticks, HTML, emphasis", () => {
    expect(markdownText("Fintech | Security <beta> `v2` *new* _x_ [a](b) ~~s~~ &amp; #12 $x$")).toBe(
      "Fintech \\| Security \\<beta\\> \\`v2\\` \\*new\\* \\_x\\_ \\[a\\](b) \\~\\~s\\~\\~ \\&amp; \\#12 \\$x\\$",
    );
  });

  it("never mentions a person or team", () => {
    expect(markdownText("owner @sales-team")).toBe("owner @\u2060sales-team");
  });

  it("keeps user text on one line", () => {
    // The escapes' own backslashes are escaped too, so the comment shows `a\nb` as the terminal does.
    expect(markdownText("a\nb\r\n<!-- x")).toBe("a\\\\nb\\\\r\\\\n\\<!-- x");
  });

  it("shows ids as code spans, whatever backticks they hold, with pipes escaped in tables", () => {
    expect(markdownCode("fintech-security_v2")).toBe("`fintech-security_v2`");
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`a")).toBe("`` `a ``");
    expect(markdownCode("a|b", true)).toBe("`a\\|b`");
    expect(markdownCode("")).toBe("*(empty)*");
  });

  it("escapes user text everywhere in the typical comment", () => {
    const text = renderDiffMarkdown(typicalReport());
    expect(text).toContain('LinkedIn audience "Fintech \\| Security \\<beta\\> \\`v2\\`" for @\u2060revops-team');
    expect(text).toContain(
      "- `umbrella-<eu>`: segment fintech-security (position 1) now matches before saas (position 2)",
    );
    // Outside code spans, the only raw HTML is ours: the marker, <details>, <summary> and <br>.
    const outsideCode = text.replace(/(`+)(?:(?!\1).)*?\1/g, "");
    expect(outsideCode).not.toMatch(/(?<!\\)<(?!\/?details|\/?summary>|br>|!-- segform-diff -->)/);
  });
});

describe("renderDiffMarkdown without data", () => {
  it("says membership was not computed and still lists the definition changes", () => {
    const report: DiffReport = typicalReport();
    delete report.membership;
    delete report.activations;
    delete report.quality;
    const text = renderDiffMarkdown(report);
    expect(text).toContain("## segform diff: 6 definition changes\n");
    expect(text).toContain("membership not computed (no data)");
    expect(text).toContain("<details open><summary>Definition changes (6)</summary>");
    expectWellFormed(text);
  });
});

describe("renderDiffMarkdown without quality bars", () => {
  it("says nothing about bars when neither side declares any", () => {
    const report = typicalReport();
    report.quality = { before: [], after: [] };
    const text = renderDiffMarkdown(report);
    expect(text).not.toContain("Quality bars");
    expectWellFormed(text);
  });
});
