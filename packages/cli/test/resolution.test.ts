// Tests run the code under test: a cross-package import (`@segform/plan`) must load the package's TypeScript
// source, never a possibly stale `dist` build (vitest.config.ts sets the `source` condition for the node
// environment too). The same module loaded both ways is one module only when the import resolved to `src`.
import { describe, expect, it } from "vitest";
import * as compiler from "@segform/compiler";
import * as data from "@segform/data";
import * as deploy from "@segform/deploy";
import * as diff from "@segform/diff";
import * as engine from "@segform/engine";
import * as plan from "@segform/plan";
import * as serve from "@segform/serve";
import * as spec from "@segform/spec";
import * as sql from "@segform/sql";
import * as testing from "@segform/testing";
import * as compilerSrc from "../../compiler/src/index.js";
import * as dataSrc from "../../data/src/index.js";
import * as deploySrc from "../../deploy/src/index.js";
import * as diffSrc from "../../diff/src/index.js";
import * as engineSrc from "../../engine/src/index.js";
import * as planSrc from "../../plan/src/index.js";
import * as serveSrc from "../../serve/src/index.js";
import * as specSrc from "../../spec/src/index.js";
import * as sqlSrc from "../../sql/src/index.js";
import * as testingSrc from "../../testing/src/index.js";

describe("cross-package imports in tests", () => {
  it("resolve to each package's src, not its dist", () => {
    const pairs: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ["compiler", compiler, compilerSrc],
      ["data", data, dataSrc],
      ["deploy", deploy, deploySrc],
      ["diff", diff, diffSrc],
      ["engine", engine, engineSrc],
      ["plan", plan, planSrc],
      ["serve", serve, serveSrc],
      ["spec", spec, specSrc],
      ["sql", sql, sqlSrc],
      ["testing", testing, testingSrc],
    ];
    for (const [name, viaPackage, viaSource] of pairs) {
      const exported = Object.keys(viaSource).filter((key) => typeof viaSource[key] === "function");
      expect(exported.length, name).toBeGreaterThan(0);
      for (const key of exported) expect(viaPackage[key], `${name}.${key}`).toBe(viaSource[key]);
    }
  });
});
