// Vitest global setup: every temporary file and directory of the run (tests' mkdtemp, segform's own temporaries,
// spawned CLIs) goes under one fresh directory, TMPDIR for the workers and their children, removed when the run
// ends, also when it fails. Nothing is left in the system's temporary directory.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  // Vitest runs the global setup once for the root config and once per project (vitest.config.ts): the first call
  // makes the directory, the others reuse it (nested directories made paths too long for Chromium's socket).
  if (process.env.SEGFORM_TEST_TMPDIR) return () => {};
  const root = mkdtempSync(join(tmpdir(), "segform-tests-"));
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
  };
  process.on("exit", remove);
  return remove;
}
