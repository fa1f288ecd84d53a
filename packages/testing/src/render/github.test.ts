import { describe, expect, it } from "vitest";
import type { BarResult, CaseResult, TestReport } from "../report.js";
import { escapeData, escapeProperty, formatAnnotation, renderGithub } from "./github.js";
import { at, passingReport, sampleReport } from "../../test/sample-report.js";

/** Reads a workflow command back as the runner does (ActionCommand: split, then unescape). */
function readCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (value: string) =>
    value.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: match[1]!, properties, data: unescape(match[3]!) };
}

function failingCase(index: number): CaseResult {
  const file = "tests/many_test.yaml";
  return {
    name: `case ${index}`,
    status: "fail",
    location: at(file, index * 10, 3),
    failures: [
      {
        account: `acct-${index}`,
        what: "tier",
        location: at(file, index * 10 + 2, 7),
        expected: "tier1",
        actual: "tier2",
        explanation: "",
      },
    ],
  };
}

function warnBar(index: number): BarResult {
  return { bar: `bar_${index}`, severity: "warn", passed: false, message: `warn ${index}`, details: [] };
}

describe("renderGithub annotations", () => {
  it("annotates failing cases, error bars and the coverage gate as errors, warn bars and warnings as warnings", () => {
    expect(renderGithub(sampleReport()).annotations).toBe(
      [
        "::error file=tests/tiers_test.yaml,line=14,col=9,title=tiers › enterprise is tier 2::account acme: tier: expected tier2, got tier1",
        "::error file=segments.yaml,line=40,col=3,title=quality bar segment_size::1 of 5 segments below 50 accounts%0Afintech-security: 41 accounts (min 50)",
        "::error title=coverage gate::coverage 75.0%25 below the minimum 90.0%25",
        "::warning file=tests/fixtures/accounts.csv,line=1,col=1,title=SEG103::declared column Industry missing from the fixtures%0Ahint: add the column or give the field a default",
        "::warning title=quality bar separation.win_rate::1 of 3 segment pairs not separated at 95%25 confidence%0Afintech vs saas: win rate 0.21 vs 0.19, p = 0.41",
        "",
      ].join("\n"),
    );
  });

  it("is empty when nothing failed", () => {
    expect(renderGithub(passingReport()).annotations).toBe("");
  });

  it("annotates error diagnostics first", () => {
    const report = passingReport();
    report.diagnostics = [{ code: "SEG200", severity: "error", message: "test file unreadable" }];
    report.suites[0]!.cases.push(failingCase(1));
    expect(renderGithub(report).annotations.split("\n")[0]).toBe("::error title=SEG200::test file unreadable");
  });

  it("escapes data and properties exactly as @actions/core does", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext%3A a%2C b");
    expect(escapeData("%0A is not a newline")).toBe("%250A is not a newline");
    expect(escapeProperty("é 中 😀 = ; ]")).toBe("é 中 😀 = ; ]");
  });

  it("keeps hostile text inside one command and reads back unchanged", () => {
    const hostile = "line1\nline2\r\n::warning::injected, a:b %0A 100% é 😀";
    const file = "tests/we,ird:name%.yaml";
    const line = formatAnnotation({ level: "error", title: hostile, message: hostile, location: at(file, 3, 4) });
    expect(line).toBe(
      "::error file=tests/we%2Cird%3Aname%25.yaml,line=3,col=4,title=line1%0Aline2%0D%0A%3A%3Awarning%3A%3Ainjected%2C a%3Ab %250A 100%25 é 😀" +
        "::line1%0Aline2%0D%0A::warning::injected, a:b %250A 100%25 é 😀",
    );
    expect(line).not.toMatch(/[\r\n]/);
    expect(readCommand(line)).toEqual({
      command: "error",
      properties: { file, line: "3", col: "4", title: hostile },
      data: hostile,
    });
  });

  it("groups a table case's failures by the expectation's location", () => {
    const file = "tests/t_test.yaml";
    const report = passingReport();
    report.suites[0]!.cases = [
      {
        name: "table",
        status: "fail",
        location: at(file, 1, 3),
        failures: [
          { account: "a", what: "tier", location: at(file, 5, 7), expected: "tier1", actual: "tier2", explanation: "" },
          {
            account: "b",
            what: "segment",
            location: at(file, 6, 7),
            expected: "fintech",
            actual: "other",
            explanation: "",
          },
          { account: "c", what: "tier", location: at(file, 5, 7), expected: "tier1", actual: "none", explanation: "" },
        ],
      },
    ];
    expect(renderGithub(report).annotations).toBe(
      "::error file=tests/t_test.yaml,line=5,col=7,title=segments › table::account a: tier: expected tier1, got tier2%0Aaccount c: tier: expected tier1, got none\n" +
        "::error file=tests/t_test.yaml,line=6,col=7,title=segments › table::account b: segment: expected fintech, got other\n",
    );
  });

  it("emits at most 10 errors and 10 warnings, the tenth counting the rest, and says so in the summary", () => {
    const report = passingReport();
    report.suites[0]!.cases = Array.from({ length: 25 }, (_, i) => failingCase(i + 1));
    report.bars = Array.from({ length: 12 }, (_, i) => warnBar(i + 1));
    report.summary = { ...report.summary, tests: 25, passed: 0, failed: 25, barWarnings: 12, exitCode: 1 };
    const { annotations, summary } = renderGithub(report);
    const lines = annotations.trimEnd().split("\n");
    const errors = lines.filter((line) => line.startsWith("::error"));
    const warnings = lines.filter((line) => line.startsWith("::warning"));
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(10);
    expect(errors[8]).toBe(
      "::error file=tests/many_test.yaml,line=92,col=7,title=segments › case 9::account acct-9: tier: expected tier1, got tier2",
    );
    expect(errors[9]).toBe("::error title=segform test::… and 16 more errors: see the job summary");
    expect(warnings[8]).toBe("::warning title=quality bar bar_9::warn 9");
    expect(warnings[9]).toBe("::warning title=segform test::… and 3 more warnings: see the job summary");
    expect(summary).toContain(
      "\n\n> Annotations show 9 of 25 errors and 9 of 12 warnings (GitHub shows at most 10 of each per step); all are listed below.\n\n",
    );
    expect(summary).toContain("#### ✗ segments › case 25\n");
    expect(summary).toContain("| ⚠️ | bar\\_12 | warn | warn 12 |");
  });

  it("emits exactly 10 without an overflow line", () => {
    const report = passingReport();
    report.suites[0]!.cases = Array.from({ length: 10 }, (_, i) => failingCase(i + 1));
    report.summary = { ...report.summary, tests: 10, passed: 0, failed: 10, exitCode: 1 };
    const { annotations, summary } = renderGithub(report);
    const lines = annotations.trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    expect(lines.every((line) => line.startsWith("::error file=tests/many_test.yaml,"))).toBe(true);
    expect(summary).not.toContain("Annotations show");
  });
});

describe("renderGithub summary", () => {
  it("renders the sample report", () => {
    expect(renderGithub(sampleReport()).summary).toBe(`## ❌ segform test failed

**1 failing test, 1 quality bar failed, coverage below the gate**

2 passed, 1 failed, 1 skipped, 1 quality bar failed · project \`segments.yaml\` · plan \`sha256:0f1e2d3c\`

### Diagnostics

- ⚠️ **SEG103** \`tests/fixtures/accounts.csv:1:1\`: declared column Industry missing from the fixtures (hint: add the column or give the field a default)

### Test suites

| Suite | File | Passed | Failed | Skipped |
| :-- | :-- | --: | --: | --: |
| tiers | \`tests/tiers_test.yaml\` | 1 | 1 | 1 |
| segments | \`tests/segments_test.yaml\` | 1 | 0 | 0 |
| **Total** | | **2** | **1** | **1** |

### Failures

#### ✗ tiers › enterprise is tier 2

\`tests/tiers_test.yaml:14:9\` account \`acme\`: tier: expected \`tier2\`, got \`tier1\`

<details><summary>Explanation</summary>

\`\`\`text
icp: in
  employees between 200 and 2000: true (5000)
tier tier1: fit >= 70 and intent >= 60: true
\`\`\`

</details>

### Skipped

| Suite | Case | Reason |
| :-- | :-- | :-- |
| tiers | legacy accounts | waiting on the CRM export |

### Coverage

**75.0%** of clause outcomes covered (6/8) · gate ❌ 75.0% below the minimum 90.0%

<details><summary>2 uncovered items</summary>

| Definition | Clause | Missing |
| :-- | :-- | :-- |
| score fit | \`industry in [software, fintech]\` | never false |
| tier tier3 | \`lands\` | no fixture lands here |

</details>

### Quality bars

| | Bar | Severity | Result |
| :-: | :-- | :-- | :-- |
| ✅ | segment\\_count | error | 5 segments (min 4, max 7) |
| ❌ | segment\\_size | error | 1 of 5 segments below 50 accounts<br>fintech-security: 41 accounts (min 50) |
| ⚠️ | separation.win\\_rate | warn | 1 of 3 segment pairs not separated at 95% confidence<br>fintech vs saas: win rate 0.21 vs 0.19, p = 0.41 |
`);
  });

  it("renders a passing report", () => {
    expect(renderGithub(passingReport()).summary).toBe(`## ✅ segform test passed

1 passed, 0 failed, 0 skipped · project \`segments.yaml\` · plan \`sha256:0f1e2d3c\`

### Test suites

| Suite | File | Passed | Failed | Skipped |
| :-- | :-- | --: | --: | --: |
| segments | \`tests/segments_test.yaml\` | 1 | 0 | 0 |
| **Total** | | **1** | **0** | **0** |
`);
  });

  it("says errored for unusable input and passed with warnings for warn bars", () => {
    const errored: TestReport = {
      ...passingReport(),
      suites: [],
      diagnostics: [{ code: "SEG202", severity: "error", message: "no test suites found" }],
      summary: { ...passingReport().summary, tests: 0, passed: 0, exitCode: 2 },
    };
    expect(renderGithub(errored).summary).toContain(`## ❌ segform test errored

**1 error in the inputs**
`);
    expect(renderGithub(errored).summary).toContain("### Test suites\n\nNo test suites.\n");
    const warned = passingReport();
    warned.bars = [warnBar(1)];
    warned.summary.barWarnings = 1;
    expect(renderGithub(warned).summary.split("\n")[0]).toBe("## ✅ segform test passed with 1 bar warning");
  });

  it("escapes user text: pipes in cells, backticks, HTML, emphasis, newlines", () => {
    const hostile = "a|b `c` <script>alert(1)</script> *x* _y_ [l](u) ~s~ &amp; #h $m$\nnext";
    const file = "tests/a|b`.yaml";
    const report = passingReport();
    report.suites = [
      {
        name: hostile,
        file,
        cases: [
          {
            name: hostile,
            status: "fail",
            location: at(file, 1, 1),
            failures: [
              {
                account: "``acct`",
                what: "tier",
                location: at(file, 2, 3),
                expected: "a|b",
                actual: " x ",
                explanation: "```\n</details>\n````",
              },
            ],
          },
          { name: "s", status: "skip", skipReason: hostile, location: at(file, 3, 1), failures: [] },
        ],
      },
    ];
    report.summary = { ...report.summary, passed: 0, failed: 1, skipped: 1, tests: 2, exitCode: 1 };
    const escaped =
      "a\\|b \\`c\\` \\<script\\>alert(1)\\</script\\> \\*x\\* \\_y\\_ \\[l\\](u) \\~s\\~ \\&amp; \\#h \\$m\\$\\\\nnext";
    const summary = renderGithub(report).summary;
    expect(summary).toContain(`| ${escaped} | \`\`tests/a\\|b\`.yaml\`\` | 0 | 1 | 1 |\n`);
    expect(summary).toContain(`#### ✗ ${escaped} › ${escaped}\n`);
    expect(summary).toContain("``tests/a|b`.yaml:2:3`` account ``` ``acct` ```: tier: expected `a|b`, got `  x  `\n");
    expect(summary).toContain(
      "<details><summary>Explanation</summary>\n\n`````text\n```\n</details>\n````\n`````\n\n</details>",
    );
    expect(summary).toContain(`| ${escaped} | s | ${escaped} |\n`);
    expect(summary).not.toContain("<script>");
  });
});
