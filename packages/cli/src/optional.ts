import { CliError, EXIT } from "./errors.js";

/**
 * Imports a module that needs an optional dependency of the published package (DuckDB's native module). When the
 * dependency is not installed, the error names the package and how to add it instead of showing a module-resolution
 * trace.
 */
export async function importOptional<T>(load: () => Promise<T>, what: string, packages: readonly string[]): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw missingPackageError(error, what, packages) ?? error;
  }
}

/** A CliError when `error` says one of `packages` cannot be found, else undefined. */
export function missingPackageError(error: unknown, what: string, packages: readonly string[]): CliError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (e?.code !== "ERR_MODULE_NOT_FOUND" && e?.code !== "MODULE_NOT_FOUND") return undefined;
  const missing = packages.find((name) => e.message.includes(`'${name}'`) || e.message.includes(`"${name}"`));
  if (!missing) return undefined;
  return new CliError(
    EXIT.usage,
    `${what} needs the package ${missing}, which is not installed`,
    `install it beside segform: npm install ${missing}`,
  );
}
