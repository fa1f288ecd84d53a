import { dirname, join, relative } from "node:path";
import { watch } from "chokidar";
import { compileProject } from "@segform/compiler";
import { DataError } from "@segform/data";
import { DiagnosticBag, formatDiagnostic } from "@segform/spec";
import { buildReport, CoverageCollector, renderPretty } from "@segform/testing";
import { checkAsOf, resolveAsOf } from "../asof.js";
import { CliError } from "../errors.js";
import { printDiagnostics, projectReader, projectFile } from "../project.js";
import { dataPath, contactsPath, missingData } from "./run.js";
import { runSuites, suiteInputs } from "./test.js";
import { refreshProjectSchema } from "./schema.js";
import { openEvaluated, postgresUrl, type EngineOptions } from "./run-engines.js";
import { io } from "../io.js";

export interface DevOptions extends EngineOptions {
  data?: string;
  tests?: string;
  asOf?: string;
}

export interface DevCycleResult {
  /** What to print. */
  output: string;
  /** Files the cycle read, to watch. */
  inputs: string[];
  ok: boolean;
}

/**
 * One watch-mode cycle: validate and compile, rerun the fixture suites, and count tier and segment sizes on
 * the data. Never throws for bad input: errors become located messages in the output.
 */
export async function devCycle(fileArgument: string | undefined, options: DevOptions): Promise<DevCycleResult> {
  const project = projectFile(fileArgument);
  const lines: string[] = [];
  const compiled = compileProject(project, projectReader(project));
  const inputs = [...compiled.sources.keys(), ...suiteInputs(project, options.tests), join(dirname(project), "tests")];
  const diagnosticsText: string[] = [];
  printDiagnostics(compiled, {
    write: (text: string) => (diagnosticsText.push(text), true),
  } as unknown as NodeJS.WritableStream);
  lines.push(...diagnosticsText.map((text) => text.replace(/\n$/, "")));
  if (!compiled.plan || !compiled.resolved) return { output: lines.join("\n") + "\n", inputs, ok: false };
  const plan = compiled.plan;
  const schema = refreshProjectSchema(project, compiled.sources.get(project), compiled.resolved);
  if (schema) lines.push(`updated the editor schema ${relative(process.cwd(), schema)}`);
  let ok = true;
  try {
    const asOf = resolveAsOf(options.asOf, compiled.resolved);
    const bag = new DiagnosticBag();
    const suites = await runSuites(project, plan, asOf, options.tests, new CoverageCollector(plan), bag);
    const report = buildReport({ project, planHash: plan.hash, suites, bars: [], diagnostics: bag.items });
    lines.push(renderPretty(report).replace(/\n$/, ""));
    ok = report.summary.exitCode === 0;
    const absent = missingData(compiled, options.data, options.engine);
    if (absent) lines.push(`(sizes not counted: ${absent})`);
    else {
      let issues = 0;
      const sources = {
        data: () => dataPath(compiled, options.data),
        contacts: () => contactsPath(compiled, options.contacts),
      };
      // Watch the data and contacts files (a table has nothing to watch).
      if (options.engine !== "postgres") inputs.push(sources.data());
      const contacts = sources.contacts();
      if (contacts) inputs.push(contacts);
      const { accounts: evaluated, dataLabel: label } = await openEvaluated(plan, asOf, options, sources, {
        asOf,
        format: options.inputFormat,
        onIssue: () => issues++,
      });
      const tiers = new Map<string, number>();
      const segments = new Map<string, number>();
      let accounts = 0;
      let inIcp = 0;
      for await (const { result } of evaluated) {
        accounts++;
        // With `segments: { scope: all }`, accounts outside the ICP have a segment too.
        if (result.segment) segments.set(result.segment, (segments.get(result.segment) ?? 0) + 1);
        if (!result.icp) continue;
        inIcp++;
        if (result.tier) tiers.set(result.tier, (tiers.get(result.tier) ?? 0) + 1);
      }
      lines.push(
        `${accounts} accounts in ${label}, ${inIcp} in the ICP${issues ? ` (${issues} unreadable values)` : ""}`,
      );
      lines.push(`  tiers:    ${plan.tiers.map((t) => `${t.id} ${tiers.get(t.id) ?? 0}`).join(", ") || "none"}`);
      lines.push(
        `  segments: ${[...plan.segments.map((s) => s.id), plan.fallback.id].map((id) => `${id} ${segments.get(id) ?? 0}`).join(", ")}`,
      );
    }
  } catch (error) {
    ok = false;
    if (error instanceof DataError)
      lines.push(
        `${error.line !== undefined ? `${error.file}:${error.line}` : error.file}: error ${error.code}: ${error.message}`,
      );
    else if (error instanceof CliError) lines.push(`error: ${error.message}`);
    else throw error;
  }
  return { output: lines.join("\n") + "\n", inputs, ok };
}

/** `segform dev`: rerun the cycle on every save of the definitions, tests, fixtures or data. Runs until stopped. */
export async function devCommand(fileArgument: string | undefined, options: DevOptions): Promise<number> {
  // Options that can never work are usage errors at once (exit 2), not a message repeated on every save.
  if (options.asOf !== undefined) checkAsOf(options.asOf);
  if (options.engine === "postgres") postgresUrl(options);
  const err = io().stderr;
  let running = false;
  let again = false;
  let watched = new Set<string>();
  const watcher = watch([], { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 20, pollInterval: 10 } });
  const cycle = async (reason: string) => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = performance.now();
    try {
      const result = await devCycle(fileArgument, options);
      io().stdout.write(`\n── ${reason} ──\n${result.output}`);
      const next = new Set(result.inputs);
      const added = [...next].filter((path) => !watched.has(path));
      const removed = [...watched].filter((path) => !next.has(path));
      if (added.length) watcher.add(added);
      if (removed.length) watcher.unwatch(removed);
      watched = next;
      err.write(`(${Math.round(performance.now() - started)} ms; watching ${watched.size} paths; Ctrl-C to stop)\n`);
    } catch (error) {
      err.write(`error: ${(error as Error).message}\n`);
    } finally {
      running = false;
      if (again) {
        again = false;
        void cycle("changed while running");
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  watcher.on("all", (event, path) => {
    clearTimeout(timer);
    timer = setTimeout(() => void cycle(`${event} ${path}`), 25);
  });
  watcher.on("error", (error) => err.write(`watch error: ${(error as Error).message}\n`));
  await cycle("start");
  await new Promise<void>((resolve) => {
    const stop = () => {
      void watcher.close().then(() => resolve());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

export { formatDiagnostic };
