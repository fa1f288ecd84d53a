// The compiled DuckDB SQL against the JS engine (the reference semantics): the quick start and every example,
// every account and contact, plus hostile values and capacity ties. See test/agreement.ts.
import { agreementSuite } from "../test/agreement.js";
import { duckdb } from "../test/engines.js";

agreementSuite("DuckDB", duckdb);
