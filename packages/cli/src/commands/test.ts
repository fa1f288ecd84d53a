import { writeStdout } from "../io.js";
import { appendFileSync, existsSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, extname, join, relative, resolve } from "node:path";
import { compileProject, type CompileResult } from "@segform/compiler";
import type { Plan } from "@segform/plan";
import { DiagnosticBag } from "@segform/spec";
import { openSource, writeFileAtomic, DataError } from "@segform/data";
import {
  buildReport,
  changedOwners,
  CoverageCollector,
  parseFixtureFile,
  parseSuite,
  runSuite,
  type BarResult,
  type FixtureRecord,
  type LoadedSuite,
  type SuiteResult,
  type TestReport,
  QualityAccumulator,
  evaluateQualityBars,
  skippedQualityBars,
  renderGithub,
  renderJson,
  renderJunit,
  renderPretty,
} from "@segform/testing";
import { resolveAsOf } from "../asof.js";
import { CliError, EXIT } from "../errors.js";
import { gitReader } from "../git.js";
import { compileOrExit, diskReader, projectFile, projectReader } from "../project.js";
import { ProjectRoot } from "../confine.js";
import { dataPath, missingData, contactsPath } from "./run.js";
import { openEvaluated, type EngineOptions } from "./run-engines.js";
import { checkSnapshotPath, loadSnapshot } from "../snapshot.js";
import { envelope } from "../envelope.js";

export interface TestOptions extends EngineOptions {
  tests?: string;
  /** Pretty output: each failing account's whole explanation. */
  verbose?: boolean;
  data?: string;
  format?: "pretty" | "json" | "junit" | "github";
  out?: string;
  coverage?: boolean;
  minCoverage?: string;
  changedSince?: string;
  baseline?: string;
  asOf?: string;
  bars?: boolean;
  /** Fail (exit 1) when the quality bars cannot be measured for want of data. */
  requireData?: boolean;
  /** The report (as --format json) in the envelope. */
  json?: boolean;
}

/** The test files of a project: `<dir>/tests/*_test.yaml` beside it, or the given directory or file. */
export function discoverSuites(project: string, tests?: string): string[] {
  const target = tests ?? join(dirname(project), "tests");
  if (tests && existsSync(tests) && !tests.endsWith("/") && extname(tests) !== "") return [tests];
  if (!existsSync(target)) return [];
  return readdirSync(target)
    .filter((name) => /_test\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(target, name));
}

function parseMinCoverage(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const percent = text.endsWith("%");
  const value = Number(percent ? text.slice(0, -1) : text);
  const ratio = percent || value > 1 ? value / 100 : value;
  if (!Number.isFinite(value) || ratio < 0 || ratio > 1)
    throw new CliError(EXIT.usage, `invalid --min-coverage "${text}"`, "use a share (0.8) or a percentage (80%)");
  return ratio;
}

async function loadRecords(file: string): Promise<{
  accounts: FixtureRecord[];
  contacts: FixtureRecord[];
  diagnostics: ReturnType<typeof parseFixtureFile>["diagnostics"];
}> {
  const extension = extname(file).toLowerCase();
  if (extension === ".yaml" || extension === ".yml" || extension === ".json") {
    const text = diskReader.read(file);
    if (typeof text !== "string") {
      const bag = new DiagnosticBag();
      bag.error(
        "SEG200",
        text ? text.refused : `cannot read fixture file ${file}`,
        { file, line: 1, column: 1 },
        text ? text.hint : "fixture paths are relative to the test file",
      );
      return { accounts: [], contacts: [], diagnostics: bag.sorted() };
    }
    return parseFixtureFile(file, text);
  }
  const source = await openSource(file);
  const records: FixtureRecord[] = [];
  for await (const raw of source.records) {
    const record: Record<string, string> = {};
    if (raw.cells) source.header!.forEach((column, index) => (record[column] = raw.cells[index] ?? ""));
    records.push({
      record: raw.cells ? record : (raw.object as FixtureRecord["record"]),
      location: { file, line: raw.line, column: 1 },
    });
  }
  return { accounts: records, contacts: records, diagnostics: [] };
}

/** Loads one test file and its fixtures. */
async function loadSuite(file: string, projectPath: string, bag: DiagnosticBag): Promise<LoadedSuite | undefined> {
  const text = diskReader.read(file);
  if (typeof text !== "string") {
    bag.error("SEG200", text ? text.refused : `cannot read test file ${file}`, undefined, text?.hint);
    return undefined;
  }
  const parsed = parseSuite(file, text);
  parsed.diagnostics.forEach((d) => bag.add(d));
  if (!parsed.suite) return undefined;
  const suite = parsed.suite;
  const expected = diskReader.resolve(file, suite.project ?? "../segments.yaml");
  if (resolve(expected) !== resolve(projectPath)) {
    if (suite.project !== undefined)
      bag.error(
        "SEG201",
        `suite "${suite.name}" tests ${expected}, not ${projectPath}`,
        parsed.document.locate(["project"]),
        `run it with: segform test ${expected}`,
      );
    else
      bag.error(
        "SEG201",
        `suite "${suite.name}" has no \`project\` and ../segments.yaml is not ${projectPath}`,
        parsed.document.locate(["name"]),
        "add `project: <path to the definitions>` to the suite",
      );
    return undefined;
  }
  const accounts: FixtureRecord[] = [];
  const contacts: FixtureRecord[] = [];
  const root = new ProjectRoot(projectPath);
  const load = async (list: string[] | undefined, kind: "accounts" | "contacts") => {
    for (const [index, relativePath] of (list ?? []).entries()) {
      const path = diskReader.resolve(file, relativePath);
      const refusal = root.refusal(path);
      if (refusal) {
        bag.error(
          refusal.code ?? "SEG006",
          refusal.refused,
          parsed.document.locate(["fixtures", kind, index]),
          refusal.hint,
        );
        continue;
      }
      try {
        const loaded = await loadRecords(path);
        loaded.diagnostics.forEach((d) => bag.add(d));
        (kind === "accounts" ? accounts : contacts).push(...loaded[kind]);
      } catch (error) {
        const message = error instanceof DataError ? error.message : (error as Error).message;
        bag.error(
          "SEG200",
          `cannot load fixtures ${path}: ${message}`,
          parsed.document.locate(["fixtures", kind, index]),
          "fixture paths are relative to the test file",
        );
      }
    }
  };
  await load(suite.fixtures?.accounts, "accounts");
  await load(suite.fixtures?.contacts, "contacts");
  return { file, document: parsed.document, suite, accounts, contacts };
}

/** Discovers, loads and runs every fixture suite of the project. */
export async function runSuites(
  project: string,
  plan: Plan,
  asOf: string,
  tests: string | undefined,
  coverage: CoverageCollector,
  bag: DiagnosticBag,
): Promise<SuiteResult[]> {
  const files = discoverSuites(project, tests);
  const defaultDir = join(dirname(project), "tests");
  if (tests !== undefined && !existsSync(tests))
    bag.error("SEG202", `no test suites found: ${tests} does not exist`, undefined, "check the --tests path");
  else if (files.length === 0) {
    // Suites are expected when a path was given or a tests/ directory exists: finding none must not pass a CI gate.
    const message = `no test suites found (looked for ${tests ?? defaultDir}/*_test.yaml)`;
    if (tests !== undefined || existsSync(defaultDir))
      bag.error("SEG202", message, undefined, "name suites <name>_test.yaml");
    else bag.warning("SEG202", message, undefined);
  }
  const suites: SuiteResult[] = [];
  for (const file of files) {
    const loaded = await loadSuite(file, project, bag);
    if (!loaded) continue;
    const { result, diagnostics } = runSuite(plan, loaded, { asOf: loaded.suite.as_of ?? asOf, coverage });
    diagnostics.forEach((d) => bag.add(d));
    suites.push(result);
  }
  return suites;
}

/** Every file a test run reads: test files and their fixture files (for the watcher). */
export function suiteInputs(project: string, tests?: string): string[] {
  const files = discoverSuites(project, tests);
  const out = [...files];
  for (const file of files) {
    const text = diskReader.read(file);
    if (typeof text !== "string") continue;
    const parsed = parseSuite(file, text);
    for (const relativePath of [
      ...(parsed.suite?.fixtures?.accounts ?? []),
      ...(parsed.suite?.fixtures?.contacts ?? []),
    ])
      out.push(diskReader.resolve(file, relativePath));
  }
  return out;
}

/** Evaluates the quality bars on the project's data; without data, reports them as skipped (with the reason). */
async function qualityBars(
  compiled: CompileResult & { plan: Plan },
  options: TestOptions,
  asOf: string,
): Promise<BarResult[]> {
  const plan = compiled.plan;
  const declared = Object.keys(plan.quality).filter(
    (key) => key !== "outcomes" && !(key === "coverage" && onlyFixtures(plan.quality.coverage)),
  );
  if (declared.length === 0) return [];
  const quality = compiled.resolved?.quality;
  const locate = (barPath: string) =>
    quality ? quality.at.doc.locate([...quality.at.path, ...barPath.split(".")], "key") : undefined;
  const absent = missingData(compiled, options.data, options.engine);
  if (absent) return skippedQualityBars(plan, absent, { locate });
  const baseline = options.baseline ? await loadSnapshot(options.baseline) : undefined;
  const sources = {
    data: () => dataPath(compiled, options.data),
    contacts: () => contactsPath(compiled, options.contacts),
  };
  const { engine, accounts } = await openEvaluated(plan, asOf, options, sources, { asOf, format: options.inputFormat });
  const accumulator = new QualityAccumulator(plan, baseline ? { baseline } : {});
  for await (const { result, prepared } of accounts) {
    const matches = result.icp
      ? engine.compiled.segmentMatchCount(prepared.values, prepared.scores, result.tier, engine.asOfDay)
      : 0;
    accumulator.add(result, prepared.values, matches);
  }
  return evaluateQualityBars(plan, accumulator, { baselineGiven: baseline !== undefined, locate });
}

function onlyFixtures(coverage: unknown): boolean {
  return (
    coverage !== null &&
    typeof coverage === "object" &&
    Object.keys(coverage).every((key) => key === "fixtures" || key === "severity")
  );
}

/** `segform test`: fixture suites, coverage and quality bars; exit 0 pass, 1 failed, 2 unusable input. */
export async function testCommand(fileArgument: string | undefined, options: TestOptions): Promise<number> {
  const project = projectFile(fileArgument);
  if (options.baseline !== undefined) checkSnapshotPath(options.baseline);
  const format = options.json ? "json" : (options.format ?? "pretty");
  // --json: definitions that do not compile are the envelope's diagnostics (result null), as in every command.
  const compiled = format === "pretty" || options.json ? compileOrExit(project) : compileQuiet(project);
  const plan = compiled.plan;
  const asOf = resolveAsOf(options.asOf, compiled.resolved);
  const bag = new DiagnosticBag();
  compiled.diagnostics.filter((d) => d.severity === "warning" && format !== "pretty").forEach((d) => bag.add(d));

  const coverage = new CoverageCollector(plan);
  const suites = await runSuites(project, plan, asOf, options.tests, coverage, bag);

  const fixturesMin = (plan.quality.coverage as { fixtures?: { min: number } } | undefined)?.fixtures?.min;
  const min = parseMinCoverage(options.minCoverage) ?? fixturesMin;
  let gatedOwners: Set<string> | undefined;
  if (options.changedSince) {
    const base = compileProject(project, gitReader(options.changedSince));
    gatedOwners = changedOwners(base.plan, plan);
  }
  const coverageReport =
    options.coverage || min !== undefined
      ? coverage.report({ min, gatedOwners, changedSince: options.changedSince })
      : undefined;
  if (options.baseline !== undefined && !("stability" in plan.quality)) {
    bag.warning(
      "SEG204",
      `--baseline ${options.baseline} is not used: the project declares no stability bar`,
      undefined,
      "declare quality.stability (e.g. { max_churn: 0.1 }) to measure churn against it, or drop --baseline",
    );
  }
  const bars = options.bars === false ? [] : await qualityBars(compiled, options, asOf);
  const report = buildReport({
    project,
    planHash: plan.hash,
    suites,
    coverage: coverageReport,
    bars,
    diagnostics: bag.items,
    requireData: options.requireData,
  });
  await emit(report, format, options.out, options.verbose);
  return report.summary.exitCode;
}

function compileQuiet(project: string): ReturnType<typeof compileOrExit> {
  const result = compileProject(project, projectReader(project));
  if (!result.plan || !result.resolved) {
    const report = buildReport({ project, planHash: "", suites: [], bars: [], diagnostics: result.diagnostics });
    throw new ReportedFailure(report);
  }
  return result as ReturnType<typeof compileOrExit>;
}

/** Definitions that do not compile, reported in the requested machine format. */
class ReportedFailure extends CliError {
  constructor(readonly report: TestReport) {
    super(EXIT.input, "", undefined, true);
  }
}

async function emit(report: TestReport, format: string, out: string | undefined, verbose = false): Promise<void> {
  const json = envelope();
  if (json) {
    report.diagnostics.forEach((diagnostic) => json.add(diagnostic));
    if (out) writeFileAtomic(out, renderJson(report));
    json.result = out ? { out, summary: report.summary } : JSON.parse(renderJson(report));
    return;
  }
  let text: string;
  if (format === "json") text = renderJson(report);
  else if (format === "junit") text = renderJunit(report);
  else if (format === "github") {
    const github = renderGithub(rebaseToRepository(report));
    text = github.annotations;
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) appendFileSync(summaryFile, github.summary);
    else if (!out) text += "\n" + github.summary;
  } else text = renderPretty(report, { verbose });
  if (out) writeFileAtomic(out, text);
  else await writeStdout(text);
}

/**
 * GitHub places annotations by paths relative to the repository root; reports hold paths relative to the
 * working directory. Rewrites every location's file when inside a git work tree.
 */
function rebaseToRepository(report: TestReport): TestReport {
  let root: string;
  try {
    root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return report;
  }
  const rebase = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rebase);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = rebase(item);
    if (typeof out.file === "string" && typeof out.line === "number")
      out.file = relative(root, resolve(out.file)).split("\\").join("/");
    return out;
  };
  return rebase(report) as TestReport;
}

/** Prints a compile failure in the requested format (so CI gets JUnit / JSON / annotations even then). */
export async function emitFailure(error: unknown, options: TestOptions): Promise<number | undefined> {
  if (!(error instanceof ReportedFailure)) return undefined;
  await emit(error.report, options.format ?? "pretty", options.out, options.verbose);
  return error.report.summary.exitCode;
}
