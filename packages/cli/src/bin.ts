#!/usr/bin/env node
import { mainProcess } from "./main.js";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
});
const code = await mainProcess(process.argv.slice(2));
process.exitCode = code;
