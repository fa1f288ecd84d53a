#!/usr/bin/env node
import { main } from "./main.js";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
});
const code = await main(process.argv.slice(2));
process.exitCode = code;
