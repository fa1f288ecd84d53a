import { describe, expect, it } from "vitest";
import type { CoverageItem } from "../report.js";
import { missingText, oneLine, percent, textLines, uncoveredItems, verdictLine } from "./text.js";
import { passingReport, sampleReport } from "../../test/sample-report.js";

describe("percent", () => {
  it("shows one decimal", () => {
    expect(percent(0.75)).toBe("75.0%");
    expect(percent(0.12345)).toBe("12.3%");
    expect(percent(0.8765)).toBe("87.7%");
    expect(percent(1)).toBe("100.0%");
    expect(percent(0)).toBe("0.0%");
  });

  it("never shows an incomplete ratio as 100.0% or a non-zero one as 0.0%", () => {
    expect(percent(0.9999)).toBe("99.9%");
    expect(percent(0.00001)).toBe("0.1%");
  });
});

describe("coverage wording", () => {
  const item = (kind: CoverageItem["kind"], seenTrue: boolean, seenFalse: boolean): CoverageItem => ({
    owner: "o",
    clause: "c",
    kind,
    seenTrue,
    seenFalse,
    gated: true,
  });

  it("names what is missing", () => {
    expect(missingText(item("clause", true, false))).toBe("never false");
    expect(missingText(item("clause", false, true))).toBe("never true");
    expect(missingText(item("clause", false, false))).toBe("never evaluated");
    expect(missingText(item("target", false, false))).toBe("no fixture lands here");
  });

  it("treats a target as covered once a fixture lands there", () => {
    const items = [
      item("clause", true, true),
      item("clause", true, false),
      item("target", true, false),
      item("target", false, false),
    ];
    expect(uncoveredItems({ ratio: 0, covered: 0, total: 0, passed: true, items })).toEqual([items[1], items[3]]);
  });
});

describe("verdictLine", () => {
  it("follows the exit code and names every reason", () => {
    expect(verdictLine(passingReport())).toBe("PASSED");
    expect(verdictLine(sampleReport())).toBe("FAILED: 1 failing test, 1 quality bar failed, coverage below the gate");
  });
});

describe("oneLine and textLines", () => {
  it("escapes control characters so user text cannot break lines or drive a terminal", () => {
    expect(oneLine("a\nb\r\tc\u0000d\u001b[2Je\u007f\u009b\u2028")).toBe(
      "a\\nb\\r\\tc\\u0000d\\u001b[2Je\\u007f\\u009b\\u2028",
    );
    expect(oneLine("é 中 😀")).toBe("é 中 😀");
  });

  it("splits lines, keeps tabs and drops trailing blank lines", () => {
    expect(textLines("a\r\n\tb\u001b\n\n  \n")).toEqual(["a", "\tb\\u001b"]);
    expect(textLines("")).toEqual([]);
  });
});
