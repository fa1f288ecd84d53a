import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/golden.js";
import { noChangeReport, typicalReport } from "../../test/sample-reports.js";
import { renderDiffJson } from "./json.js";

describe("renderDiffJson", () => {
  it("matches the golden files", () => {
    expectGolden("no-change.json", renderDiffJson(noChangeReport()));
    expectGolden("typical.json", renderDiffJson(typicalReport()));
  });

  it("is the whole report, back again when parsed", () => {
    expect(JSON.parse(renderDiffJson(typicalReport()))).toEqual(typicalReport());
  });

  it("sorts keys and ends with a newline, whatever order the report was built in", () => {
    const report = typicalReport();
    const reordered = Object.fromEntries(Object.entries(report).reverse()) as typeof report;
    const text = renderDiffJson(reordered);
    expect(text).toBe(renderDiffJson(report));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.startsWith('{\n  "activations": [')).toBe(true);
  });
});
