export {
  compileSql,
  compileCsvCopySql,
  compileRolesPerAccountSql,
  renderSqlScript,
  type CompileSqlOptions,
  type CompiledSql,
} from "./compile.js";
export {
  sqlBuilder,
  isDialect,
  DIALECTS,
  Sql,
  SqlDate,
  type Dialect,
  type SqlBuilder,
  type SqlValue,
} from "./builder.js";
export { SqlUnsupportedError } from "./errors.js";
