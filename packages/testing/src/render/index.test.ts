import { describe, expect, it } from "vitest";
import type { TestReport } from "../report.js";
import * as render from "./index.js";
import { sampleReport } from "../../test/sample-report.js";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe("render", () => {
  it("exports the four renderers and nothing else", () => {
    expect(Object.keys(render).sort()).toEqual(["renderGithub", "renderJson", "renderJunit", "renderPretty"]);
  });

  it("renders without touching the report and gives the same output every time", () => {
    const report: TestReport = deepFreeze(sampleReport());
    for (const renderer of [render.renderPretty, render.renderJson, render.renderJunit, render.renderGithub]) {
      expect(renderer(report)).toEqual(renderer(report));
    }
    expect(report).toEqual(sampleReport());
  });
});
