// The published package as a user gets it, for the benchmarks that time start-up: `scripts/release-pack.mjs`
// packs it, and npm installs the tarball in `dir` (npm_* variables of a `pnpm bench:...` run left out).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Packs segform and installs it in `dir`; the installed bin's entry (`node <it>` runs segform). */
export function installPackedSegform(dir) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const tarball = execFileSync(process.execPath, [join(root, "scripts/release-pack.mjs")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
    .trimEnd()
    .split("\n")
    .at(-1);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: dir,
    env,
    stdio: "ignore",
  });
  return join(dir, "node_modules/segform/dist/bin.js");
}
