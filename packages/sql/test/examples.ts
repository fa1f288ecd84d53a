// The quick start and every example project, compiled, with their data files: shared by the golden and
// agreement tests. Everything is read from the repository (paths are absolute, whatever the working directory).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject, type FileReader } from "@segform/compiler";
import { formatScore, openSource } from "@segform/data";
import { ContactEngine, Engine, evaluateAccounts, type Value } from "@segform/engine";
import type { Plan } from "@segform/plan";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const AS_OF = "2026-11-01";

const reader: FileReader = {
  read(path) {
    try {
      return existsSync(path) && statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
    } catch {
      return undefined;
    }
  },
  resolve(from, rel) {
    return isAbsolute(rel) ? rel : join(dirname(from), rel);
  },
};

export interface Example {
  /** quickstart, or the example's directory name. */
  name: string;
  spec: string;
  plan: Plan;
  accounts: string;
  contacts: string | null;
}

function compileFile(name: string, spec: string, base: string): Example {
  const result = compileProject(spec, reader);
  if (!result.plan || !result.resolved)
    throw new Error(`${spec} does not compile: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  // Sources are written relative to the definitions file (the quick start's to the repository root).
  const source = result.resolved.source?.value;
  const contacts = result.resolved.contacts?.value.source;
  return {
    name,
    spec,
    plan: result.plan,
    accounts: source ? join(base, source) : join(dirname(spec), "data/accounts.csv"),
    contacts: contacts ? join(base, contacts) : null,
  };
}

/** The quick start (segments.example.yaml) and examples/<name>/segments.yaml, by name. */
export function examples(): Example[] {
  const out = [compileFile("quickstart", join(REPO, "segments.example.yaml"), REPO)];
  const root = join(REPO, "examples");
  for (const name of readdirSync(root).sort()) {
    const spec = join(root, name, "segments.yaml");
    if (existsSync(spec)) out.push(compileFile(name, spec, join(root, name)));
  }
  return out;
}

/** Compiles YAML text (for hand-written cases). */
export function compileText(yaml: string): Plan {
  const file = join(REPO, "__inline__.yaml");
  const result = compileProject(file, { read: (path) => (path === file ? yaml : undefined), resolve: reader.resolve });
  if (!result.plan)
    throw new Error(`does not compile: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return result.plan;
}

/** A CSV file as the JS engine's reader sees it: header and cells. */
export async function readCsv(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const source = await openSource(path);
  const rows: string[][] = [];
  for await (const batch of source.batches) for (const record of batch) rows.push(record.cells!);
  return { header: source.header!, rows };
}

/** One account's labels in the form both engines are compared in (the CSV output's values). */
export interface Labels {
  key: string | null;
  icp: boolean;
  scores: number[];
  tier: string | null;
  segment: string | null;
  activations: string;
}

/** The JS engine's labels for rows of cells (under a header), in input order. */
export function jsLabels(
  plan: Plan,
  header: readonly string[],
  rows: readonly (readonly (string | null)[])[],
  asOf = AS_OF,
): Labels[] {
  const engine = new Engine(plan, { asOf });
  const indexes = engine.coercer.columnIndexes(header as string[]);
  const values: Value[][] = rows.map((cells) =>
    engine.coercer.fromCells(cells.map((cell) => cell ?? "") as string[], indexes),
  );
  return evaluateAccounts(engine, values).map((result) => ({
    key: result.key === null ? null : String(result.key),
    icp: result.icp,
    scores: result.scores.map(formatScore),
    tier: result.tier,
    segment: result.segment,
    activations: result.activations.join(";"),
  }));
}

export interface ContactLabels {
  key: string | null;
  account: string | null;
  role: string | null;
}

export function jsContactLabels(
  plan: Plan,
  header: readonly string[],
  rows: readonly (readonly (string | null)[])[],
  asOfDay: number,
): ContactLabels[] {
  const engine = new ContactEngine(plan, asOfDay);
  const indexes = engine.coercer.columnIndexes(header as string[]);
  return rows.map((cells, row) => {
    const result = engine.evaluate(engine.coercer.fromCells(cells.map((cell) => cell ?? "") as string[], indexes), row);
    return {
      key: result.key === null ? null : String(result.key),
      account: result.accountKey === null ? null : String(result.accountKey),
      role: result.role,
    };
  });
}

/** Rows of the SQL accounts query in the same form. */
export function sqlLabels(plan: Plan, rows: Record<string, unknown>[]): Labels[] {
  return rows.map((row) => ({
    key: row[plan.key] === null ? null : String(row[plan.key]),
    icp: row.icp as boolean,
    scores: plan.scores.map((score) => Number(row[score.name])),
    tier: (row.tier as string | null) ?? null,
    segment: (row.segment as string | null) ?? null,
    activations: row.activations as string,
  }));
}
