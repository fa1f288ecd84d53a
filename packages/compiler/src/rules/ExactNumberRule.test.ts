import { describe, expect, it } from "vitest";
import { diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { ExactNumberRule } from "./ExactNumberRule.js";

const RANGE = "-9,007,199,254,740,991 to 9,007,199,254,740,991";

describe("ExactNumberRule", () => {
  it("accepts safe integers on integer fields and any finite number on number fields", () => {
    const text = project("icp:", "  include: { employees: { lte: 9007199254740991 }, revenue: { gte: 1e30 } }");
    expect(runRule(ExactNumberRule, text)).toEqual([]);
  });

  it("reports whole numbers beyond every engine's exact range, at the value", () => {
    const text = project(
      "icp:",
      "  include: { employees: { gte: 1e30 } }",
      "  exclude: { any: [{ employees: [1, 9007199254740993] }, { employees: { between: [0, 100000000000000000000] } }] }",
    );
    const diagnostics = runRule(ExactNumberRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      `segments.yaml:14:32 error SEG012 employees gte: 1e+30 is beyond the whole numbers every engine holds exactly (${RANGE})`,
      `segments.yaml:15:37 error SEG012 employees in: 9007199254740992 is beyond the whole numbers every engine holds exactly (${RANGE})`,
      `segments.yaml:15:86 error SEG012 employees between: 100000000000000000000 is beyond the whole numbers every engine holds exactly (${RANGE})`,
    ]);
    expect(underlined(diagnostics, text)).toEqual(["1e30", "9007199254740993", "100000000000000000000"]);
    expect(hints(diagnostics)[0]).toBe(`integer values are within ${RANGE}`);
  });

  it("checks integer defaults and enums", () => {
    const text =
      project()
        .replace("fields:\n", "fields:\n  seats: { type: integer, default: -1e20, enum: [1, 1e17] }\n")
        .split("\n")
        .slice(0, 13)
        .join("\n") + "\n";
    const diagnostics = runRule(ExactNumberRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      `segments.yaml:4:36 error SEG012 default of seats: -100000000000000000000 is beyond the whole numbers every engine holds exactly (${RANGE})`,
      `segments.yaml:4:53 error SEG012 enum of seats: 100000000000000000 is beyond the whole numbers every engine holds exactly (${RANGE})`,
    ]);
    expect(underlined(diagnostics, text)).toEqual(["-1e20", "1e17"]);
  });
});
