// The SQL engines' runners: they read data (files through embedded DuckDB, tables in PostgreSQL), run the compiled
// queries and stream results in the JS engine's shape. A separate entry point (`@segform/sql/runners`) so that
// compiling SQL never loads DuckDB's native module or the PostgreSQL driver.
export { runDuckDb, duckDbRoles, writeDuckDbCsv, type DuckDbRunOptions, type RunCounts } from "./duckdb.js";
export { runPostgres, postgresRoles, postgresContactRecords, redactUrl, type PostgresRunOptions } from "./postgres.js";
export { fileFormat, type FileFormat } from "./duckdb-input.js";
export { SqlRunError } from "./errors.js";
export { SqlUnsupportedError } from "../errors.js";
export type { SqlAccountRow, SqlAccountRoles, SqlRolesByAccount } from "./results.js";
