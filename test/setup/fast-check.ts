// Property tests (fast-check) are seeded: in CI with a fixed default seed, so a run can be repeated exactly;
// locally at random, to keep finding new cases. SEGFORM_PROPERTY_SEED=N fixes the seed anywhere (fast-check prints
// the seed and path of a failure, to replay it). A test that passes its own `seed` keeps it.
import fc from "fast-check";

export const CI_SEED = 20261203;

const inCi =
  process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";
const given = process.env.SEGFORM_PROPERTY_SEED;
const seed = given !== undefined && given.trim() !== "" ? Number(given) : inCi ? CI_SEED : undefined;
if (seed !== undefined) {
  if (!Number.isSafeInteger(seed))
    throw new Error(`SEGFORM_PROPERTY_SEED must be a whole number, got ${JSON.stringify(given)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
