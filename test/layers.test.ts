// Layers as the README and CONTRIBUTING.md draw them: each package imports only the workspace packages its
// package.json declares, those declarations form no cycle, and the core (language, plan, compiler, engine, the SQL
// compiler, testing, diff) does no file or process I/O: reading and writing files is the data package's, the
// runners', and the commands' job.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGES = fileURLToPath(new URL("../packages/", import.meta.url));
const names = readdirSync(PACKAGES).filter((name) =>
  statSync(join(PACKAGES, name, "package.json"), { throwIfNoEntry: false })?.isFile(),
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map(
    (match) => match[1] ?? match[2]!,
  );
}

const declared = new Map(
  names.map((name) => {
    const manifest = JSON.parse(readFileSync(join(PACKAGES, name, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    return [
      name,
      Object.keys(manifest.dependencies ?? {})
        .filter((dep) => dep.startsWith("@segform/"))
        .map((dep) => dep.slice("@segform/".length)),
    ];
  }),
);

describe("package layers", () => {
  it("every workspace import is declared in the importing package's dependencies", () => {
    const undeclared: string[] = [];
    for (const name of names) {
      for (const file of sources(join(PACKAGES, name, "src"))) {
        for (const specifier of imports(file)) {
          const target = /^@segform\/([^/]+)/.exec(specifier)?.[1];
          if (target && target !== name && !declared.get(name)!.includes(target))
            undeclared.push(`${file.slice(PACKAGES.length)} imports @segform/${target}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it("the declared dependencies form no cycle", () => {
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (state.get(name) === "done") return;
      if (state.get(name) === "visiting") return void cycles.push([...path, name].join(" -> "));
      state.set(name, "visiting");
      for (const dep of declared.get(name) ?? []) visit(dep, [...path, name]);
      state.set(name, "done");
    };
    for (const name of names) visit(name, []);
    expect(cycles).toEqual([]);
  });

  it("the core does no file or process I/O (the SQL runners and the data package do)", () => {
    const io = /^(node:)?(fs|fs\/promises|child_process|net|http|https)$/;
    const offenders: string[] = [];
    for (const name of ["spec", "plan", "compiler", "engine", "sql", "testing", "diff", "report"]) {
      for (const file of sources(join(PACKAGES, name, "src"))) {
        if (name === "sql" && file.includes("/runners/")) continue;
        for (const specifier of imports(file))
          if (io.test(specifier)) offenders.push(`${file.slice(PACKAGES.length)} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the SQL compiler does not depend on the I/O package (only its runners do)", () => {
    const offenders = sources(join(PACKAGES, "sql", "src"))
      .filter((file) => !file.includes("/runners/"))
      .filter((file) => imports(file).some((specifier) => specifier.startsWith("@segform/data")));
    expect(offenders).toEqual([]);
  });
});
