import { compareCodePoints } from "@segform/engine";

/** Private-use and surrogate code units: where UTF-16 order and code point order can differ. */
const UNSAFE = /[\uD800-\uFFFF]/;

const byUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts records by key in code point order (the order of state snapshots and plans). Keys without surrogates or
 * private-use characters compare the same by UTF-16 units, which the engine's native comparison does fast.
 */
export function sortByKey<T extends { key: string }>(records: T[]): T[] {
  const plain = records.every((record) => !UNSAFE.test(record.key));
  return records.sort(plain ? (a, b) => byUnits(a.key, b.key) : (a, b) => compareCodePoints(a.key, b.key));
}

/** Sorts keys in code point order. */
export function sortKeys(keys: string[]): string[] {
  const plain = keys.every((key) => !UNSAFE.test(key));
  return keys.sort(plain ? byUnits : compareCodePoints);
}
