// Types for browser.mjs, so the TypeScript tests can import it.
import type { Page } from "playwright-core";

export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];
export declare function inCi(): boolean;
export declare class BrowserSetupError extends Error {}

/** Installs Debian's chromium when missing (as root); returns its path. */
export declare function installChromium(log?: (line: string) => void): string;

/** Whether the browser tests can run; throws in CI when the browser cannot be had. */
export declare function browserStatus(log?: (line: string) => void): { ok: true } | { ok: false; reason: string };

export interface OpenedFile {
  page: Page;
  url: string;
  consoleErrors: string[];
  requests: string[];
  loadMs: number;
  close(): Promise<void>;
}

/** Opens a local HTML file in a fresh headless Chromium, recording console errors and network requests. */
export declare function openFile(
  file: string,
  options?: { width?: number; height?: number; colorScheme?: "light" | "dark" },
): Promise<OpenedFile>;
