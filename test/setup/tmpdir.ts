// Vitest global setup: every temporary file and directory of the run (tests' mkdtemp, segform's own temporaries,
// spawned CLIs) goes under one fresh directory, TMPDIR for the workers and their children, removed when the run
// ends, also when it fails. Nothing is left in the system's temporary directory: vitest's own directory of
// transformed modules (`<tmpdir>/<random id>/ssr`, made before this setup runs and never removed by vitest 4.1)
// goes too.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { TestProject } from "vitest/node";

export default function setup(project: TestProject): () => void {
  // Vitest runs the global setup once for the root config and once per project (vitest.config.ts): the first call
  // makes the directory, the others reuse it (nested directories made paths too long for Chromium's socket).
  if (process.env.SEGFORM_TEST_TMPDIR) return () => {};
  const system = tmpdir();
  const root = mkdtempSync(join(system, "segform-tests-"));
  // Internal to vitest (Vitest._tmpDir): removed only if it is where vitest 4.1 puts it, a random name in tmpdir.
  const vitestTmp = (project.vitest as unknown as { _tmpDir?: unknown })._tmpDir;
  const vitestOwn =
    typeof vitestTmp === "string" && dirname(vitestTmp) === system && /^[\w-]{21}$/.test(basename(vitestTmp))
      ? vitestTmp
      : undefined;
  process.env.SEGFORM_TEST_TMPDIR = root;
  // Others may pass through (not list): the PostgreSQL test server runs as the postgres user in a directory here.
  chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off("exit", remove);
    delete process.env.SEGFORM_TEST_TMPDIR;
    if (process.env.SEGFORM_KEEP_TEST_TMP === "1") {
      process.stderr.write(`test temporaries kept in ${root} (${readdirSync(root).length} entries)\n`);
      return;
    }
    rmSync(root, { recursive: true, force: true });
    if (vitestOwn) rmSync(vitestOwn, { recursive: true, force: true });
  };
  process.on("exit", remove);
  return remove;
}
