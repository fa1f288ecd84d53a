// The GitHub Action without a runner: its metadata against GitHub's metadata syntax, and its comment script run as
// the runner would run it (a fake GITHUB_* environment) against a real HTTP server on 127.0.0.1 standing in for
// the issue-comments API.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compileSchema, loadYaml } from "@segform/spec";
import { VERSION } from "../src/version.js";
import { REPO } from "./helpers.js";

const run = promisify(execFile);
const action = loadYaml("action.yml", readFileSync(join(REPO, "action.yml"), "utf8")).document.value as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: { id?: string; run?: string }[] };
};

describe("action.yml", () => {
  it("is valid GitHub Actions metadata", () => {
    const validate = compileSchema(
      JSON.parse(readFileSync(join(REPO, "packages/cli/test/action/action-metadata.schema.json"), "utf8")),
    );
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
  });

  it("installs the package version it is released with, and refers only to declared inputs, steps and scripts", () => {
    expect(action.inputs.version!.default).toBe(VERSION);
    const text = readFileSync(join(REPO, "action.yml"), "utf8");
    for (const [, name] of text.matchAll(/inputs\.([A-Za-z0-9_-]+)/g))
      expect(Object.keys(action.inputs)).toContain(name);
    const ids = action.runs.steps.map((step) => step.id);
    for (const [, id] of text.matchAll(/steps\.([A-Za-z0-9_-]+)\./g)) expect(ids).toContain(id);
    for (const [, script] of text.matchAll(/\$GITHUB_ACTION_PATH\/(\S+?)"/g))
      expect(existsSync(join(REPO, script!)), script).toBe(true);
    for (const step of action.runs.steps) expect(step.run ?? "").not.toMatch(/pnpm|tsc|npm run build/); // no source build on a run
  });
});

describe("the action's data options (action/data-args.sh)", () => {
  /** Sources the script as the test and diff steps do, with these inputs; prints data_args one per line. */
  function dataArgs(env: Record<string, string>): { code: number; stdout: string } {
    const script = `source "${join(REPO, "action/data-args.sh")}"; printf '%s\\n' "\${data_args[@]}"; echo "url=\${SEGFORM_PG_URL-unset}"`;
    const result = spawnSync("bash", ["-c", script], { env: { PATH: process.env.PATH!, ...env }, encoding: "utf8" });
    return { code: result.status ?? -1, stdout: result.stdout };
  }

  it("passes the engine and table as arguments, the URL only through the environment, masked", () => {
    const url = "postgres://ci_reader:s3cret@db.internal:5432/crm";
    expect(
      dataArgs({ ENGINE: "postgres", SEGFORM_PG_URL: url, TABLE: "analytics.accounts", ROW_COLUMN: "load_seq" }),
    ).toEqual({
      code: 0,
      stdout: `::add-mask::${url}\n--engine\npostgres\n--table\nanalytics.accounts\n--row-column\nload_seq\nurl=${url}\n`,
    });
    expect(dataArgs({ ENGINE: "duckdb", DATA: "exports/accounts.parquet" })).toEqual({
      code: 0,
      stdout: "--data\nexports/accounts.parquet\n--engine\nduckdb\nurl=unset\n",
    });
    // The default: the JS engine on the project's source, and no empty SEGFORM_PG_URL left for segform to read.
    expect(dataArgs({ ENGINE: "js", SEGFORM_PG_URL: "" })).toEqual({ code: 0, stdout: "\nurl=unset\n" });
  });

  it("refuses postgres without a URL and an unknown engine, with a workflow error", () => {
    expect(dataArgs({ ENGINE: "postgres" })).toEqual({
      code: 2,
      stdout:
        "::error title=segform::engine postgres needs the pg-url input (from a secret, e.g. secrets.SEGFORM_PG_URL)\n",
    });
    expect(dataArgs({ ENGINE: "snowflake" }).code).toBe(2);
  });
});

interface Comment {
  id: number;
  body: string;
  html_url: string;
}

describe("the action's pull-request comment (action/comment.mjs)", () => {
  let server: Server;
  let api: string;
  let comments: Comment[];
  let requests: string[];
  let refuseWrites: number | undefined;
  let dir: string;
  const TOKEN = "ghs_test-token";
  const MARKER = "<!-- segform-diff -->";

  const readBody = async (request: IncomingMessage) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    return JSON.parse(text) as { body: string };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "segform-action-"));
    server = createServer(async (request, response) => {
      const url = new URL(request.url!, "http://127.0.0.1");
      requests.push(`${request.method} ${url.pathname}${url.search}`);
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(value));
      };
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: "Bad credentials" });
      if (request.method === "GET" && url.pathname === "/repos/acme/gtm/issues/7/comments") {
        // Pages of two, so the marker comment is found only by following rel="next".
        const page = Number(url.searchParams.get("page") ?? "1");
        const next: Record<string, string> =
          page * 2 < comments.length
            ? { link: `<${api}/repos/acme/gtm/issues/7/comments?per_page=100&page=${page + 1}>; rel="next"` }
            : {};
        return send(200, comments.slice((page - 1) * 2, page * 2), next);
      }
      if (refuseWrites) return send(refuseWrites, { message: "Resource not accessible by integration" });
      if (request.method === "POST" && url.pathname === "/repos/acme/gtm/issues/7/comments") {
        const id = 1000 + comments.length;
        const comment = {
          id,
          body: (await readBody(request)).body,
          html_url: `https://github.test/acme/gtm/pull/7#issuecomment-${id}`,
        };
        comments.push(comment);
        return send(201, comment);
      }
      const patch = /^\/repos\/acme\/gtm\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (request.method === "PATCH" && patch) {
        const comment = comments.find((c) => c.id === Number(patch[1]));
        if (!comment) return send(404, { message: "Not Found" });
        comment.body = (await readBody(request)).body;
        return send(200, comment);
      }
      send(404, { message: "Not Found" });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    comments = [
      { id: 1, body: "LGTM", html_url: "" },
      { id: 2, body: `not first: ${MARKER}`, html_url: "" },
      { id: 3, body: "one more", html_url: "" },
    ];
    requests = [];
    refuseWrites = undefined;
  });

  async function comment(body: string, env: Record<string, string> = {}) {
    const file = join(dir, "diff.md");
    writeFileSync(file, body);
    const fake = {
      PATH: process.env.PATH!,
      GITHUB_API_URL: api,
      GH_TOKEN: TOKEN,
      REPOSITORY: "acme/gtm",
      PR_NUMBER: "7",
      HEAD_REPOSITORY: "acme/gtm",
      BODY_FILE: file,
      MARKER,
      ...env,
    };
    return run(process.execPath, [join(REPO, "action/comment.mjs")], { env: fake }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );
  }

  it("creates the comment, then updates the same comment in place on the next push", async () => {
    const first = await comment(`${MARKER}\n## segform diff: 3 of 11 accounts move\n`);
    expect(first).toEqual({
      code: 0,
      stdout: "segform diff comment created: https://github.test/acme/gtm/pull/7#issuecomment-1003\n",
      stderr: "",
    });
    expect(requests).toEqual([
      "GET /repos/acme/gtm/issues/7/comments?per_page=100",
      "GET /repos/acme/gtm/issues/7/comments?per_page=100&page=2",
      "POST /repos/acme/gtm/issues/7/comments",
    ]);
    requests = [];
    const second = await comment(`${MARKER}\n## segform diff: 1 of 11 accounts move\n`);
    expect(second).toEqual({
      code: 0,
      stdout: "segform diff comment updated: https://github.test/acme/gtm/pull/7#issuecomment-1003\n",
      stderr: "",
    });
    expect(requests).toEqual([
      "GET /repos/acme/gtm/issues/7/comments?per_page=100",
      "GET /repos/acme/gtm/issues/7/comments?per_page=100&page=2",
      "PATCH /repos/acme/gtm/issues/comments/1003",
    ]);
    expect(comments.map((c) => c.body)).toEqual([
      "LGTM",
      `not first: ${MARKER}`,
      "one more",
      `${MARKER}\n## segform diff: 1 of 11 accounts move\n`,
    ]);
  });

  it("links the uploaded HTML diff report at the end of the comment (an https URL only)", async () => {
    const url = "https://github.com/acme/gtm/actions/runs/42/artifacts/4242";
    const linked = await comment(`${MARKER}\n## segform diff: 3 of 11 accounts move\n`, { REPORT_URL: url });
    expect(linked.code, linked.stderr).toBe(0);
    expect(comments.at(-1)!.body).toBe(
      `${MARKER}\n## segform diff: 3 of 11 accounts move\n\n[HTML report with charts](${url}) (workflow artifact \`segform-diff-report\`: a zip holding segform-diff.html; works offline)\n`,
    );
    const odd = await comment(`${MARKER}\nx\n`, { REPORT_URL: "javascript:alert(1)" });
    expect(odd.code).toBe(0);
    expect(comments.at(-1)!.body).toBe(`${MARKER}\nx\n`);
  });

  it("on a pull request from a fork, sends nothing and leaves a notice", async () => {
    const fork = await comment(`${MARKER}\nx\n`, { HEAD_REPOSITORY: "someone/gtm" });
    expect(fork.code).toBe(0);
    expect(fork.stdout).toBe(
      "::notice title=segform::pull request from a fork: its token cannot write comments, so the diff is in the job summary only\n",
    );
    expect(requests).toEqual([]);
  });

  it("a 403 (read-only token) is a notice, not a failure; other errors fail the step", async () => {
    refuseWrites = 403;
    const forbidden = await comment(`${MARKER}\nx\n`);
    expect(forbidden.code).toBe(0);
    expect(forbidden.stdout).toContain(
      "::notice title=segform::the token cannot write pull-request comments (HTTP 403",
    );
    expect(comments).toHaveLength(3);
    refuseWrites = 500;
    const broken = await comment(`${MARKER}\nx\n`);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe('segform: GitHub API: HTTP 500: {"message":"Resource not accessible by integration"}\n');
  });

  it("outside a pull request, sends nothing", async () => {
    const push = await comment("x", { PR_NUMBER: "" });
    expect(push).toEqual({
      code: 0,
      stdout: "::notice title=segform::not a pull request: the diff is in the job summary only\n",
      stderr: "",
    });
    expect(requests).toEqual([]);
  });
});
