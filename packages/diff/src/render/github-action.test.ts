import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DIFF_COMMENT_MARKER } from "./markdown.js";

/**
 * The GitHub Action at the repository root and the example workflow that uses it: both parse, carry their schema
 * modelines, and hold the steps that post the diff comment this package renders.
 */
const root = fileURLToPath(new URL("../../../../", import.meta.url));

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  "working-directory"?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

function load(path: string): { text: string; data: Record<string, any> } {
  const text = readFileSync(root + path, "utf8");
  return { text, data: parse(text) as Record<string, any> };
}

describe("action.yml", () => {
  const { text, data } = load("action.yml");
  const steps = data.runs.steps as Step[];
  const step = (id: string): Step => {
    const found = steps.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };

  it("starts with the schema modeline", () => {
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=https://json.schemastore.org/github-action.json");
  });

  it("is a composite action named segform with the documented inputs", () => {
    expect(data.name).toBe("segform");
    expect(typeof data.description).toBe("string");
    expect(data.runs.using).toBe("composite");
    expect(Object.keys(data.inputs).sort()).toEqual([
      "base",
      "comment",
      "data",
      "definitions",
      "engine",
      "github-token",
      "html-report",
      "package",
      "pg-url",
      "require-data",
      "row-column",
      "table",
      "version",
      "working-directory",
    ]);
    expect(data.inputs.engine.default).toBe("js");
    expect(data.inputs["html-report"].default).toBe("true");
    expect(data.inputs["require-data"].default).toBe("false");
    expect(data.inputs.definitions.default).toBe("segments.yaml");
    expect(data.inputs.base.default).toBe("${{ github.event.pull_request.base.sha }}");
    expect(data.inputs.comment.default).toBe("true");
    expect(data.inputs["github-token"].default).toBe("${{ github.token }}");
    for (const input of Object.values<{ description?: string }>(data.inputs)) expect(input.description).toBeTruthy();
  });

  it("gives every run step a shell and never writes ${{ }} into a script", () => {
    for (const candidate of steps.filter((s) => s.run !== undefined)) {
      expect(candidate.shell, candidate.name).toBe("bash");
      expect(candidate.run, candidate.name).not.toContain("${{");
    }
  });

  it("installs the packaged segform (a pinned npm version, or a tarball) instead of building it", () => {
    const build = step("build");
    expect(build.run).toBe('bash "$GITHUB_ACTION_PATH/action/install.sh"');
    expect(build.env).toEqual({ VERSION: "${{ inputs.version }}", PACKAGE: "${{ inputs.package }}" });
  });

  it("runs segform test for GitHub; its failure fails the job", () => {
    const test = step("test");
    expect(test.run).toContain('test "$DEFINITIONS" --format github');
    expect(test.if).toBeUndefined();
    expect(test).not.toHaveProperty("continue-on-error");
  });

  it("runs segform diff as markdown after a failed test too, into the job summary", () => {
    const diff = step("diff");
    expect(steps.indexOf(diff)).toBeGreaterThan(steps.indexOf(step("test")));
    expect(diff.if).toContain("!cancelled()");
    expect(diff.run).toContain('--base "$BASE" --format markdown --out "$out"');
    expect(diff.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(diff.env?.BASE).toBe("${{ inputs.base }}");
  });

  it("creates or updates one comment found by the marker the renderer writes, and skips forks", () => {
    const comment = step("comment");
    expect(comment.if).toContain("!cancelled()");
    expect(comment.if).toContain("inputs.comment == 'true'");
    expect(comment.env?.MARKER).toBe(DIFF_COMMENT_MARKER);
    expect(comment.env?.GH_TOKEN).toBe("${{ inputs.github-token }}");
    // The script itself runs against a local HTTP server in packages/cli/test/action.test.ts.
    expect(comment.run).toBe('node "$GITHUB_ACTION_PATH/action/comment.mjs"');
    expect(comment.env?.HEAD_REPOSITORY).toBe("${{ github.event.pull_request.head.repo.full_name }}");
  });
});

describe("examples/github-workflow.yml", () => {
  const { text, data } = load("examples/github-workflow.yml");
  const steps = data.jobs.segform.steps as Step[];

  it("starts with the schema modeline", () => {
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json",
    );
  });

  it("runs on pull requests with read contents and write pull requests", () => {
    expect(data.on).toHaveProperty("pull_request");
    expect(data.on).not.toHaveProperty("pull_request_target");
    expect(data.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(Object.keys(data.jobs)).toEqual(["segform", "deploy-plan", "deploy-apply"]);
    expect(data.jobs.segform.if).toBe("github.event_name == 'pull_request'");
  });

  it("deploys on main: plans into an artifact, then applies exactly that plan", () => {
    expect(data.on.push).toEqual({ branches: ["main"] });
    const plan = data.jobs["deploy-plan"];
    const apply = data.jobs["deploy-apply"];
    expect(plan.if).toBe("github.event_name == 'push'");
    expect(plan.steps.map((s: Step) => s.run ?? "").join("\n")).toContain(
      'plan segments.yaml --state "$SEGFORM_STATE_URL" --out deploy.plan',
    );
    expect(plan.steps.find((s: Step) => s.uses?.startsWith("actions/upload-artifact@"))?.with).toMatchObject({
      name: "deploy-plan",
      path: "deploy.plan",
    });
    expect(apply.needs).toBe("deploy-plan");
    expect(apply.steps.find((s: Step) => s.uses?.startsWith("actions/download-artifact@"))?.with).toMatchObject({
      name: "deploy-plan",
    });
    expect(apply.steps.at(-1).run).toContain("apply deploy.plan");
    expect([plan.concurrency, apply.concurrency]).toEqual([
      { group: "segform-deploy", "cancel-in-progress": false },
      { group: "segform-deploy", "cancel-in-progress": false },
    ]);
  });

  it("checks out full history, sets up Node 20, then uses the action", () => {
    const checkout = steps.findIndex((s) => s.uses?.startsWith("actions/checkout@"));
    const node = steps.findIndex((s) => s.uses?.startsWith("actions/setup-node@"));
    const action = steps.findIndex((s) => s.uses?.startsWith("segform/segform@v"));
    expect(checkout).toBeGreaterThanOrEqual(0);
    expect(steps[checkout]!.with?.["fetch-depth"]).toBe(0);
    expect(steps[node]!.with?.["node-version"]).toBe(20);
    expect(action).toBeGreaterThan(node);
    expect(node).toBeGreaterThan(checkout);
    expect(steps[action]!.with?.definitions).toBe("segments.yaml");
    expect(steps[action]!.uses).toBe("segform/segform@v0.1.0");
  });
});
