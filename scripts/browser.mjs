#!/usr/bin/env node
// Headless Chromium for the report tests and the report benchmark: Debian's `chromium` package, driven by
// playwright-core (never Playwright's own browser download). No other dependencies.
//
//   node scripts/browser.mjs install     installs Debian's chromium when /usr/bin/chromium is missing (as root)
//   node scripts/browser.mjs check       prints the browser's version, exit 1 when it is not there
//
// Tests call `browserStatus()`: in CI (CI=true) a browser that cannot be installed is an error; elsewhere the
// browser tests may skip, with a notice saying why.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";
/** Flags for a quiet, offline, throwaway browser: no sandbox (containers run as root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
export const inCi = () =>
  process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

export class BrowserSetupError extends Error {}

/** Installs Debian's chromium when missing (as root, with apt-get); returns its path, or throws BrowserSetupError. */
export function installChromium(log = (line) => process.stderr.write(line + "\n")) {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.platform !== "linux")
    throw new BrowserSetupError(
      `${CHROMIUM} is missing and automatic installation needs Debian/Ubuntu; install Chromium there`,
    );
  if (!isRoot())
    throw new BrowserSetupError(
      `${CHROMIUM} is missing and installing it needs root; run: sudo apt-get install -y --no-install-recommends chromium`,
    );
  if (spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0)
    throw new BrowserSetupError(`${CHROMIUM} is missing and there is no apt-get to install it with`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const started = Date.now();
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    log(`browser: apt-get ${args.join(" ")}`);
    // Wait for the package lock (another apt-get, e.g. the PostgreSQL test server's) rather than fail.
    const result = spawnSync("apt-get", ["-q", "-o", "DPkg::Lock::Timeout=300", ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
      throw new BrowserSetupError(
        `apt-get ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
      );
    }
  }
  if (!existsSync(CHROMIUM)) throw new BrowserSetupError(`apt-get installed chromium, but ${CHROMIUM} did not appear`);
  log(`browser: installed Chromium in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return CHROMIUM;
}

/**
 * Whether the browser tests can run: `{ ok: true }`, or `{ ok: false, reason }` outside CI. In CI a missing browser
 * that cannot be installed throws (the browser tests must never skip there).
 */
export function browserStatus(log) {
  try {
    installChromium(log);
    return { ok: true };
  } catch (error) {
    if (inCi() || !(error instanceof BrowserSetupError)) throw error;
    return { ok: false, reason: error.message };
  }
}

/**
 * Opens a local HTML file in a fresh headless Chromium (a new user-data-dir each time) and records every console
 * error, page error and network request other than the file itself. Requests beyond the file are aborted.
 */
export async function openFile(file, { width = 1200, height = 900, colorScheme = "light" } = {}) {
  const { chromium } = await import("playwright-core");
  const userDataDir = mkdtempSync(join(tmpdir(), "segform-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width, height },
    colorScheme,
    offline: true,
  });
  const url = pathToFileURL(file).href;
  const consoleErrors = [];
  const requests = [];
  try {
    await context.route("**/*", (route) => {
      const requested = route.request().url();
      if (requested === url) return route.continue();
      requests.push(requested);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    page.on("request", (request) => {
      if (request.url() !== url && !requests.includes(request.url())) requests.push(request.url());
    });
    const started = performance.now();
    await page.goto(url, { waitUntil: "load" });
    const loadMs = performance.now() - started;
    return {
      page,
      url,
      consoleErrors,
      requests,
      loadMs,
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const command = process.argv[2];
  try {
    if (command === "install") {
      process.stdout.write(installChromium() + "\n");
    } else if (command === "check") {
      if (!existsSync(CHROMIUM))
        throw new BrowserSetupError(`${CHROMIUM} is missing (run: node scripts/browser.mjs install)`);
      process.stdout.write(spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout);
    } else {
      process.stderr.write("usage: node scripts/browser.mjs install|check\n");
      process.exitCode = 2;
    }
  } catch (error) {
    process.stderr.write(`browser: ${error.message}\n`);
    process.exitCode = 1;
  }
}
