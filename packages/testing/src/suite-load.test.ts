import { describe, expect, it } from "vitest";
import { parseSuite } from "./suite-load.js";

describe("parseSuite", () => {
  it("refuses an as_of that is no calendar day, at its value", () => {
    const parsed = parseSuite(
      "tests/a_test.yaml",
      "name: a\nas_of: '2026-02-30'\ntests: [{ name: t, account: a1, expect: { icp: true } }]\n",
    );
    expect(parsed.suite).toBeUndefined();
    expect(parsed.diagnostics).toEqual([
      {
        code: "SEG032",
        severity: "error",
        message: 'as_of: "2026-02-30" is not a calendar date',
        location: { file: "tests/a_test.yaml", line: 2, column: 8, endLine: 2, endColumn: 20 },
        hint: "write a real day, YYYY-MM-DD, e.g. 2026-02-28",
      },
    ]);
    expect(
      parseSuite(
        "tests/a_test.yaml",
        "name: a\nas_of: '2024-02-29'\ntests: [{ name: t, account: a1, expect: { icp: true } }]\n",
      ).suite?.as_of,
    ).toBe("2024-02-29");
  });
});
