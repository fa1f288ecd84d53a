// The last step of `pnpm test`: `vitest run` (with the arguments given to `pnpm test`) and, beside it, the tests'
// type check (`tsc -p tsconfig.tests.json`), which would otherwise hold up the suite for its ~12 s of CPU while the
// suite's first files mostly wait on processes and servers. Exits with vitest's status, or 1 if the type check
// failed (its errors are printed as they come, with a line saying so at the end).
import { spawn } from "node:child_process";

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", (error) => {
      process.stderr.write(`pnpm test: cannot run ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const [typecheck, tests] = await Promise.all([
  run("tsc", ["-p", "tsconfig.tests.json"]),
  run("vitest", ["run", ...process.argv.slice(2)]),
]);
if (typecheck !== 0) process.stderr.write("pnpm test: tsc -p tsconfig.tests.json: type errors in the tests (above)\n");
process.exitCode = tests !== 0 ? tests : typecheck !== 0 ? 1 : 0;
