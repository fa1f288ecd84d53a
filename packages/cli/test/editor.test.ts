// An editor that knows the project: `segform schema --project` specialises the definitions schema to a project,
// `init` writes it, `dev` keeps it current, and yaml-language-server (a real LSP server over stdio) completes the
// project's names and only type-valid operators from it, and flags a type error.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileProject } from "@segform/compiler";
import { refreshProjectSchema } from "../src/commands/schema.js";
import { projectReader } from "../src/project.js";
import { REPO, segform } from "./helpers.js";

const EXAMPLES = [
  "segments.example.yaml",
  "examples/abm-intent-stages/segments.yaml",
  "examples/hr-tech-midmarket/segments.yaml",
  "examples/manufacturing-verticals/segments.yaml",
  "examples/security-maturity/segments.yaml",
  "examples/warehouse-tracks/segments.yaml",
];

async function projectSchemaOf(file: string, cwd = REPO): Promise<Record<string, unknown>> {
  const run = await segform(["schema", "--project", file], { cwd });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe("segform schema --project", () => {
  it("every bundled project is valid against its own project schema", async () => {
    for (const file of EXAMPLES) {
      const validate = new Ajv({ strict: false, allErrors: true }).compile(await projectSchemaOf(file));
      const valid = validate(YAML.parse(readFileSync(join(REPO, file), "utf8")));
      expect(valid, `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it("refuses what the project does not declare: gte on a text field, an unknown field, an undeclared activation", async () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(
      await projectSchemaOf("segments.example.yaml"),
    );
    const project = YAML.parse(readFileSync(join(REPO, "segments.example.yaml"), "utf8")) as Record<string, any>;
    const variants: [string, (doc: Record<string, any>) => void][] = [
      ["gte on industry (string)", (doc) => (doc.icp.include = { industry: { gte: 5 } })],
      ["contains on employees (integer)", (doc) => (doc.icp.include = { employees: { contains: "5" } })],
      ["an unknown field", (doc) => (doc.icp.include = { industy: ["fintech"] })],
      ["an undeclared activation", (doc) => (doc.segments[0].activate = ["nowhere"])],
      ["a define that does not exist", (doc) => (doc.icp.include = "no_such_define")],
    ];
    for (const [what, mutate] of variants) {
      const doc = structuredClone(project);
      mutate(doc);
      expect(validate(doc), what).toBe(false);
    }
  });

  it("init writes it; dev's refresh rewrites it when a field is added, and leaves a generic schema alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-editor-"));
    try {
      expect((await segform(["init", dir])).code).toBe(0);
      const schemaFile = join(dir, "schemas/segform.schema.json");
      const fieldsOf = () =>
        Object.keys(
          (JSON.parse(readFileSync(schemaFile, "utf8")) as { definitions: { ConditionMap: { properties: object } } })
            .definitions.ConditionMap.properties,
        );
      expect(fieldsOf()).toEqual([
        "all",
        "any",
        "not",
        "account_id",
        "country",
        "employees",
        "industry",
        "intent",
        "tech",
        "fit",
        "intent_score",
        "tier",
      ]);
      const definitions = join(dir, "segments.yaml");
      const text = readFileSync(definitions, "utf8").replace(
        "  intent:     { type: number, from: Intent_Score__c, default: 0 }\n",
        "  intent:     { type: number, from: Intent_Score__c, default: 0 }\n  region:     { type: string, enum: [emea, amer] }\n",
      );
      writeFileSync(definitions, text);
      const compiled = compileProject(definitions, projectReader(definitions));
      expect(refreshProjectSchema(definitions, text, compiled.resolved!)).toBe(schemaFile);
      expect(fieldsOf()).toContain("region");
      // The test-suite schema beside it follows: an inline account may now name the new column.
      const testSchema = JSON.parse(readFileSync(join(dir, "schemas/segform-test.schema.json"), "utf8")) as {
        definitions: { AccountRecord: { properties: object } };
      };
      expect(Object.keys(testSchema.definitions.AccountRecord.properties)).toContain("region");
      expect(refreshProjectSchema(definitions, text, compiled.resolved!), "unchanged: not rewritten").toBeUndefined();
      writeFileSync(schemaFile, (await segform(["schema"])).stdout);
      expect(
        refreshProjectSchema(definitions, text, compiled.resolved!),
        "the generic schema is not a project schema",
      ).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("segform schema --project --kind test", () => {
  it("every bundled suite is valid against its project's test schema", async () => {
    const suites: [string, string][] = [
      ["segments.example.yaml", "tests/quickstart_test.yaml"],
      ...EXAMPLES.filter((file) => file.startsWith("examples/")).map((file): [string, string] => [
        file,
        file.replace("segments.yaml", `tests/${file.split("/")[1]}_test.yaml`),
      ]),
    ];
    for (const [definitions, suite] of suites) {
      const run = await segform(["schema", "--project", definitions, "--kind", "test"]);
      expect(run.code, run.stderr).toBe(0);
      const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(run.stdout));
      expect(
        validate(YAML.parse(readFileSync(join(REPO, suite), "utf8"))),
        `${suite}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      ).toBe(true);
    }
  });

  it("init's suite is valid against its project test schema; unknown ids and scores are not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-editor-tests-"));
    try {
      expect((await segform(["init", dir])).code).toBe(0);
      const written = JSON.parse(readFileSync(join(dir, "schemas/segform-test.schema.json"), "utf8")) as Record<
        string,
        any
      >;
      const run = await segform(["schema", "--project", "segments.yaml", "--kind", "test"], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(written);
      expect(written.title).toBe("segform test suite (this project)");
      const expectation = written.definitions.Expectation.properties;
      expect(expectation.segment.enum).toEqual([
        "software",
        "fintech",
        "salesforce-shops",
        "high-intent",
        "other",
        null,
      ]);
      expect(expectation.tier.enum).toEqual(["tier1", "tier2", null]);
      expect(expectation.activations.items.enum).toEqual(["crm-segment"]);
      expect(Object.keys(expectation.scores.properties)).toEqual(["fit", "intent_score"]);
      expect(Object.keys(written.definitions.AccountRecord.properties)).toEqual([
        "BillingCountry",
        "Id",
        "Industry",
        "Intent_Score__c",
        "NumberOfEmployees",
        "Technologies",
      ]);
      const validate = new Ajv({ strict: false, allErrors: true }).compile(written);
      const suite = YAML.parse(readFileSync(join(dir, "tests/segments_test.yaml"), "utf8")) as Record<string, any>;
      expect(validate(suite), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      const variants: [string, (doc: Record<string, any>) => void][] = [
        ["a misspelt segment", (doc) => (doc.tests[0].expect.segment = "sofware")],
        ["an unknown tier", (doc) => (doc.tests[0].expect.tier = "tier9")],
        ["an undeclared activation", (doc) => (doc.tests[0].expect.activations = ["nowhere"])],
        ["an unknown score", (doc) => (doc.tests[0].expect.scores = { fitt: 1 })],
      ];
      for (const [what, mutate] of variants) {
        const doc = structuredClone(suite);
        mutate(doc);
        expect(validate(doc), what).toBe(false);
      }
      const fixtures = await segform(["schema", "--project", "segments.yaml", "--kind", "fixtures"], { cwd: dir });
      expect([fixtures.code, fixtures.stderr]).toEqual([
        2,
        "error: --project specialises the definitions and test schemas, not fixtures\n  hint: use --kind definitions or --kind test\n",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A minimal LSP client over stdio (Content-Length framing, JSON-RPC 2.0). */
class LanguageClient {
  private buffer = Buffer.alloc(0);
  private id = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();
  readonly diagnostics = new Map<string, { range: { start: { line: number } }; message: string }[][]>();
  private readonly server: ChildProcess;

  constructor(
    bin: string,
    private readonly settings: Record<string, unknown>,
  ) {
    this.server = spawn(process.execPath, [bin, "--stdio"], { stdio: ["pipe", "pipe", "ignore"] });
    this.server.stdout!.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.method === "workspace/configuration") {
        this.send({
          id: message.id,
          result: message.params.items.map((item: { section?: string }) =>
            item.section === "yaml" ? this.settings : null,
          ),
        });
      } else if (message.id !== undefined && message.method) this.send({ id: message.id, result: null });
      else if (message.id !== undefined)
        this.pending.get(message.id)?.(message.result), this.pending.delete(message.id);
      else if (message.method === "textDocument/publishDiagnostics") {
        const list = this.diagnostics.get(message.params.uri) ?? [];
        list.push(message.params.diagnostics);
        this.diagnostics.set(message.params.uri, list);
      }
    }
  }

  send(message: Record<string, unknown>): void {
    const text = JSON.stringify({ jsonrpc: "2.0", ...message });
    this.server.stdin!.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return new Promise((resolve) => {
      const id = ++this.id;
      this.pending.set(id, resolve as (result: unknown) => void);
      this.send({ id, method, params });
    });
  }

  async completion(uri: string, line: number, character: number): Promise<string[]> {
    const result = await this.request<{ items: { label: string }[] } | { label: string }[] | null>(
      "textDocument/completion",
      { textDocument: { uri }, position: { line, character } },
    );
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return items.map((item) => item.label).sort();
  }

  /** The first non-empty diagnostics published for `uri` (the server validates after opening). */
  async nextDiagnostics(uri: string, timeoutMs = 20_000): Promise<{ line: number; message: string }[]> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const found = (this.diagnostics.get(uri) ?? []).find((list) => list.length > 0);
      if (found) return found.map((d) => ({ line: d.range.start.line, message: d.message }));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return [];
  }

  stop(): void {
    this.server.kill();
  }
}

describe("yaml-language-server with the project schema (a real LSP server over stdio)", () => {
  const dir = mkdtempSync(join(tmpdir(), "segform-lsp-"));
  let client: LanguageClient;
  const uri = pathToFileURL(join(dir, "segments.yaml")).href;
  let lines: string[];

  beforeAll(async () => {
    expect((await segform(["init", dir])).code).toBe(0);
    const bin = createRequire(import.meta.url).resolve("yaml-language-server/bin/yaml-language-server");
    client = new LanguageClient(bin, {
      validate: true,
      completion: true,
      hover: true,
      schemaStore: { enable: false },
      format: { enable: false },
    });
    await client.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    client.send({ method: "initialized", params: {} });
    // The server asks for its settings once initialized: let that exchange end before opening the document.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The init project, with an exclusion that tests a text field with gte, and two empty lines to complete on.
    const text = readFileSync(join(dir, "segments.yaml"), "utf8").replace(
      "  exclude:\n    industry: government\n",
      "  exclude:\n    industry: { gte: 5 }\n    \n    employees:\n      \n",
    );
    lines = text.split("\n");
    client.send({
      method: "textDocument/didOpen",
      params: { textDocument: { uri, languageId: "yaml", version: 1, text } },
    });
  }, 30_000);
  afterAll(() => {
    client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("flags gte on a text field where it is written (and the field left empty mid-edit)", async () => {
    const diagnostics = await client.nextDiagnostics(uri);
    expect(diagnostics.sort((a, b) => a.line - b.line)).toEqual([
      { line: lines.indexOf("    industry: { gte: 5 }"), message: "Incorrect type. Expected one of string, number." },
      { line: lines.indexOf("    employees:"), message: expect.stringContaining("Incorrect type") },
    ]);
  });

  it("completes a condition's keys with the project's fields, scores and tier (those not yet used)", async () => {
    const line = lines.indexOf("    industry: { gte: 5 }") + 1;
    expect(await client.completion(uri, line, 4)).toEqual([
      "account_id",
      "all",
      "any",
      "country",
      "fit",
      "intent",
      "intent_score",
      "not",
      "tech",
      "tier",
    ]);
  });

  it("completes a test expectation's segment with the project's segment ids, and flags an unknown one", async () => {
    const testUri = pathToFileURL(join(dir, "tests", "segments_test.yaml")).href;
    const text = readFileSync(join(dir, "tests", "segments_test.yaml"), "utf8").replace(
      "      segment: software\n",
      "      segment: \n      tier: tier9\n",
    );
    const testLines = text.split("\n");
    // The test file's own tier line is replaced above: drop the original (a duplicate key otherwise).
    const cleaned = testLines
      .filter(
        (line, index) => !(line === "      tier: tier1" && testLines[index + 3] === "      activations: [crm-segment]"),
      )
      .join("\n");
    const finalLines = cleaned.split("\n");
    client.send({
      method: "textDocument/didOpen",
      params: { textDocument: { uri: testUri, languageId: "yaml", version: 1, text: cleaned } },
    });
    const diagnostics = await client.nextDiagnostics(testUri);
    expect(diagnostics).toEqual([
      {
        line: finalLines.indexOf("      tier: tier9"),
        message: expect.stringContaining("Value is not accepted. Valid values:"),
      },
    ]);
    const line = finalLines.indexOf("      segment: ");
    expect(await client.completion(testUri, line, 15)).toEqual([
      "fintech",
      "high-intent",
      "null",
      "other",
      "salesforce-shops",
      "software",
    ]);
  });

  it("completes an integer field's operators only", async () => {
    const line = lines.indexOf("    employees:") + 1;
    expect(await client.completion(uri, line, 6)).toEqual([
      "between",
      "eq",
      "exists",
      "gt",
      "gte",
      "in",
      "lt",
      "lte",
      "missing",
      "ne",
      "not_in",
    ]);
  });
});
