import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/golden.js";
import { hugeReport, noChangeReport, typicalReport } from "../../test/sample-reports.js";
import { PRETTY_TOP_TRANSITIONS, renderDiffPretty } from "./pretty.js";

describe("renderDiffPretty", () => {
  it("matches the golden files", () => {
    expectGolden("no-change.txt", renderDiffPretty(noChangeReport()));
    expectGolden("typical.txt", renderDiffPretty(typicalReport()));
    expectGolden("huge.txt", renderDiffPretty(hugeReport()));
  });

  it("says No changes, and nothing else, when the plans are identical and no account moves", () => {
    const text = renderDiffPretty(noChangeReport());
    expect(text).toContain("No changes");
    expect(text).not.toContain("Membership on");
    expect(text).not.toContain("Quality bars");
  });

  it("still shows membership when the plans are identical but accounts moved", () => {
    const report = typicalReport();
    report.unchanged = true;
    report.definitions = [];
    const text = renderDiffPretty(report);
    expect(text).not.toContain("No changes:");
    expect(text).toContain("Definitions: no changes (the compiled plans are identical)");
    expect(text).toContain("Membership on data/accounts.csv: 53 of 1,200 accounts change tier or segment");
  });

  it("shows only the top transitions and says how many more there are", () => {
    const report = hugeReport();
    const text = renderDiffPretty(report);
    const total = report.membership!.transitions.length;
    expect(text).toContain(`Top transitions (${PRETTY_TOP_TRANSITIONS} of 4,920)`);
    expect(text).toContain(
      `… ${(total - PRETTY_TOP_TRANSITIONS).toLocaleString("en-US")} more transitions (segform diff --format json shows all)`,
    );
  });

  it("keeps user text on one line, with control characters escaped", () => {
    const report = typicalReport();
    report.definitions[0]!.summary = "tier tier1:\n\u001b[31mred\u001b[0m";
    const text = renderDiffPretty(report);
    expect(text).toContain("  ~ tier tier1:\\n\\u001b[31mred\\u001b[0m");
    expect(text).not.toContain("\u001b");
  });

  it("says membership was not computed without data", () => {
    const report = typicalReport();
    delete report.membership;
    expect(renderDiffPretty(report)).toContain("Membership: not computed (no data; pass --data FILE)");
  });
});
