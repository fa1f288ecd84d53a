// The compiled PostgreSQL SQL against the JS engine, when a server is available (see test/engines.ts).
import { it } from "vitest";
import { agreementSuite } from "../test/agreement.js";
import { postgres, postgresUrl } from "../test/engines.js";

const url = postgresUrl();
if (url) agreementSuite("PostgreSQL", () => postgres(url));
else it.skip("PostgreSQL agrees with the JS engine (no PostgreSQL server: set SEGFORM_TEST_PG_URL)", () => {});
