import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, segform, type Run } from "./helpers.js";

// A pull request from a fork can change the definitions and test files; segform's output goes to public CI logs,
// the job summary and a PR comment. Nothing the definitions name outside the project may reach any of them.

const PLANTED = "planted-" + "c0ffee".repeat(4);
const env = { SEGFORM_PLANTED_SECRET: PLANTED };
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The basic fixture project in a git repository (committed as the base), with `prepare` applied afterwards. */
function project(prepare?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-untrusted-"));
  made.push(dir);
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  prepare?.(dir);
  return dir;
}

function edit(dir: string, from: string, to: string, file = "segments.yaml"): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`fixture text not found: ${from}`);
  writeFileSync(path, text.replace(from, to));
}

/** Runs segform with a planted secret in its environment and asserts nothing of it (or of /etc/passwd) is printed or written. */
async function run(dir: string, args: string[], files: string[] = []): Promise<Run> {
  const summary = join(dir, "step-summary.md");
  const result = await segform(args, { cwd: dir, env: { ...env, GITHUB_STEP_SUMMARY: summary } });
  const written = [summary, ...files].filter(existsSync).map((file) => readFileSync(file, "utf8"));
  for (const text of [result.stdout, result.stderr, ...written]) {
    expect(text).not.toContain(PLANTED);
    expect(text).not.toContain("SEGFORM_PLANTED_SECRET");
    expect(text).not.toMatch(/root:x:0:0/);
  }
  return result;
}

/** The first line of each diagnostic: `file:line:col: error CODE: message`. */
const errors = (stderr: string) => stderr.split("\n").filter((line) => /(^|\s)error SEG\d{3}: /.test(line));

describe("paths written in project files stay inside the project", () => {
  it.each([
    ["an absolute path", "/proc/self/environ", "/proc/self/environ is outside the project"],
    [
      "a relative path that climbs out",
      "../../../../../../../../proc/self/environ",
      "{from the project to /proc/self/environ} is outside the project",
    ],
    ["/etc/passwd", "/etc/passwd", "/etc/passwd is outside the project"],
    ["a symlink inside the project", "leak.yaml", "leak.yaml is a symlink that leads outside the project"],
  ])("imports: %s is SEG006 at the import, with no byte of the file", async (_, target, message) => {
    const dir = project((dir) => {
      symlinkSync("/proc/self/environ", join(dir, "leak.yaml"));
      edit(dir, "version: 1\n", `version: 1\nimports: [${target}]\n`);
    });
    const validate = await run(dir, ["validate"]);
    expect(validate.code).toBe(1);
    // A path that climbs out is shown relative to the project, however deep the temporary directory is.
    const shown = message.replace("{from the project to /proc/self/environ}", relative(dir, "/proc/self/environ"));
    expect(errors(validate.stderr)).toEqual([`segments.yaml:3:11: error SEG006: ${shown}`]);
    const runResult = await run(dir, ["run", "--out", "out.csv"], [join(dir, "out.csv")]);
    expect(runResult.code).toBe(2);
    expect(existsSync(join(dir, "out.csv"))).toBe(false);
    const test = await run(dir, ["test", "--format", "github"]);
    expect(test.code).toBe(2);
    const diff = await run(
      dir,
      ["diff", "--base", "HEAD", "--format", "markdown", "--out", "diff.md"],
      [join(dir, "diff.md")],
    );
    expect(diff.code).toBe(2);
    expect(errors(diff.stderr)).toEqual([`segments.yaml:3:11: error SEG006: ${shown}`]);
  });

  it("source: and contacts.source: outside the project are located input errors for run, test and explain", async () => {
    const dir = project((dir) => {
      symlinkSync("/etc/passwd", join(dir, "accounts-link.csv"));
      edit(dir, "source: accounts.csv", "source: /proc/self/environ");
    });
    const result = await run(dir, ["run"]);
    expect(result.code).toBe(2);
    expect(errors(result.stderr)).toEqual([
      "segments.yaml:4:9: error SEG006: /proc/self/environ is outside the project",
    ]);
    expect((await run(dir, ["explain", "--account", "a1"])).code).toBe(2);
    // This project declares no quality bars, so `test` never reads the data: its fixtures run (one fails on purpose).
    expect((await run(dir, ["test"])).code).toBe(1);

    edit(dir, "source: /proc/self/environ", "source: accounts.csv");
    edit(dir, "  source: contacts.csv", "  source: accounts-link.csv");
    const contacts = await run(dir, ["run"]);
    expect(contacts.code).toBe(2);
    expect(errors(contacts.stderr)).toEqual([
      "segments.yaml:36:11: error SEG006: accounts-link.csv is a symlink that leads outside the project",
    ]);
  });

  it("a data path the user types is theirs to choose (only project files are confined)", async () => {
    const dir = project();
    const outside = mkdtempSync(join(tmpdir(), "segform-outside-"));
    made.push(outside);
    cpSync(join(dir, "accounts.csv"), join(outside, "accounts.csv"));
    const result = await run(dir, ["run", "--data", join(outside, "accounts.csv"), "-q"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^id,icp,/);
  });

  it("test fixtures outside the project are SEG006 at the fixture entry", async () => {
    const dir = project((dir) =>
      edit(dir, "  contacts: [testdata/accounts.yaml]", "  contacts: [/proc/self/environ]", "tests/basic_test.yaml"),
    );
    const result = await run(dir, ["test", "--format", "github"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "::error file=tests/basic_test.yaml,line=5,col=14,title=SEG006::/proc/self/environ is outside the project%0A",
    );
  });

  it("a device, a FIFO or a directory named as an import is refused before it is opened", async () => {
    const dir = project((dir) => {
      execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
      mkdirSync(join(dir, "folder.yaml"));
      edit(dir, "version: 1\n", "version: 1\nimports: [pipe.yaml, folder.yaml]\n");
    });
    const result = await run(dir, ["validate"]);
    expect(errors(result.stderr)).toEqual([
      "segments.yaml:3:11: error SEG006: pipe.yaml is a FIFO, not a regular file",
      "segments.yaml:3:22: error SEG006: folder.yaml is a directory, not a regular file",
    ]);
  });
});

describe("a secret written as a literal is refused and never printed", () => {
  it("SEG030 masks it in every code frame: its own and the next diagnostic's context", async () => {
    const token = "sk_live_" + "51HbXnP2eZvKYlo2C0aBcDeF";
    const key = "ghp_" + "0123456789abcdefABCDEF0123456789abcd";
    const dir = project((d) =>
      edit(
        d,
        'sf: { type: salesforce, token: "${env:SF_TOKEN}" }\n  li: { type: linkedin, token: "${env:LI_TOKEN}" }',
        `sf: { type: salesforce, token: "${token}" }\n  li: { type: linkedin, token: "${key}" }`,
      ),
    );
    for (const args of [["validate"], ["run", "-q"], ["test"], ["diff", "--base", "HEAD"]]) {
      const result = await run(dir, args);
      // validate: 1, a check failed; the others cannot run on definitions that do not compile: 2.
      expect(result.code, args.join(" ")).toBe(args[0] === "validate" ? 1 : 2);
      expect(errors(result.stderr).length, args.join(" ")).toBe(2);
      expect(result.stderr + result.stdout, args.join(" ")).not.toContain(token);
      expect(result.stderr + result.stdout, args.join(" ")).not.toContain(key);
    }
    expect((await run(dir, ["validate"])).stderr).toContain(
      `  > 50 |   sf: { type: salesforce, token: ${"*".repeat(token.length + 2)} }`,
    );
  });
});

describe("files that are not UTF-8 text get a one-line error and no excerpt", () => {
  it.each([
    [
      "NUL bytes",
      Buffer.from(`version: 1\n# ${PLANTED}\n\u0000\n`),
      "bin.yaml is not a text file (it holds NUL bytes)",
    ],
    [
      "invalid UTF-8",
      Buffer.concat([Buffer.from(`version: 1\n# ${PLANTED}\n`), Buffer.from([0xff, 0xfe, 0x41])]),
      "bin.yaml is not UTF-8 text",
    ],
  ])("%s", async (_, bytes, message) => {
    const dir = project((dir) => {
      writeFileSync(join(dir, "bin.yaml"), bytes);
      edit(dir, "version: 1\n", "version: 1\nimports: [bin.yaml]\n");
    });
    const result = await run(dir, ["validate"]);
    expect(errors(result.stderr)).toEqual([`segments.yaml:3:11: error SEG006: ${message}`]);
  });

  it("the definitions file itself, named on the command line", async () => {
    const dir = project((dir) => writeFileSync(join(dir, "bin.yaml"), Buffer.from([0x76, 0x3a, 0x00, 0x0a])));
    const result = await run(dir, ["validate", "bin.yaml"]);
    expect(result.code).toBe(2);
    expect(errors(result.stderr)).toEqual(["error SEG006: bin.yaml is not a text file (it holds NUL bytes)"]);
  });
});

describe("work is bounded by budgets, not by what the definitions ask for", () => {
  it("ten imports of 1.9 MB each: refused once the project passes 3 MiB in total", async () => {
    const dir = project((dir) => {
      const names: string[] = [];
      for (let file = 0; file < 10; file++) {
        let text = "version: 1\ndefine:\n";
        for (let i = 0; text.length < 1.9e6; i++) text += `  d${file}_${i}: { industry: [a${i}, b${i}, c${i}] }\n`;
        writeFileSync(join(dir, `big${file}.yaml`), text);
        names.push(`big${file}.yaml`);
      }
      edit(dir, "version: 1\n", `version: 1\nimports: [${names.join(", ")}]\n`);
    });
    const result = await run(dir, ["validate"]);
    expect(result.code).toBe(1);
    expect(errors(result.stderr)).toEqual([
      "segments.yaml:3:22: error SEG003: the project's files add up to more than 3 MiB (at big1.yaml)",
    ]);
  });

  // 999 segments plus the fallback: the most a project may declare. Copied, the define would be 100M values.
  it("a 100,000-value define used by 999 segments is compiled once (shared), not copied 999 times", async () => {
    const dir = project((dir) => {
      const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`).join(", ");
      const segments = Array.from({ length: 999 }, (_, i) => `  - { id: s${i}, when: huge }`).join("\n");
      edit(dir, "define:\n", `define:\n  huge: { id: { in: [${values}] } }\n`);
      const text = readFileSync(join(dir, "segments.yaml"), "utf8");
      writeFileSync(
        join(dir, "segments.yaml"),
        text.replace(/segments:\n( {2}- .*\n)+/, `segments:\n${segments}\n  - { id: rest }\n`),
      );
    });
    const compiled = await run(dir, ["compile"]);
    expect(compiled.code, compiled.stderr).toBe(0);
    const plan = JSON.parse(compiled.stdout) as { defines?: { name: string }[]; segments: unknown[] };
    expect(plan.defines?.map((define) => define.name)).toContain("huge");
    expect(plan.segments).toHaveLength(999);
  });
});

describe("a file destination writes only inside the project", () => {
  const deployProject = () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-untrusted-deploy-"));
    made.push(dir);
    cpSync(join(FIXTURES, "deploy"), dir, { recursive: true });
    return dir;
  };

  it("a path that climbs out is refused when compiling, at the path", async () => {
    const dir = deployProject();
    edit(dir, "path: out/membership.csv", "path: ../outside.csv");
    const result = await run(dir, ["plan", "--destination", "out"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "segments.yaml:51:28: error SEG412: destination out (type file): path must be relative to the definitions file and stay inside the project",
    );
    expect(result.stderr).toContain("  hint: write a path such as out/membership.csv\n");
  });

  it("a symlinked directory that leads out is refused at apply, and nothing is written there", async () => {
    const dir = deployProject();
    const outside = mkdtempSync(join(tmpdir(), "segform-outside-"));
    made.push(outside);
    symlinkSync(outside, join(dir, "link"));
    edit(dir, "path: out/membership.csv", "path: link/membership.csv");
    const result = await run(dir, ["apply", "--auto-approve", "--destination", "out"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: SEG406: file destination: link/membership.csv leads outside the project (through a symlink)\n",
    );
    expect(readdirSync(outside)).toEqual([]);
  });
});
