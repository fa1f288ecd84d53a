import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuplicateKeyCheck, duplicateKeysText } from "./keys.js";

/** Every later occurrence of a key, found with a plain Map (the reference). */
function expected(keys: (string | number)[]): { row: number; firstLine: number }[] {
  const first = new Map<string | number, number>();
  const out: { row: number; firstLine: number }[] = [];
  keys.forEach((key, row) => {
    const seen = first.get(key);
    if (seen === undefined) first.set(key, row + 2);
    else out.push({ row, firstLine: seen });
  });
  return out;
}

describe("duplicate keys", () => {
  it("finds every later occurrence, in memory or spilled to partition files, numbers and text apart", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 2 })), { maxLength: 300 }),
        fc.constantFrom(2, 10, 1_000),
        (keys, memoryKeys) => expectFound(keys, memoryKeys),
      ),
      { numRuns: 200, seed: 22 },
    );
  });

  it("spills long and non-ASCII keys intact (entries larger than a partition's buffer are written on their own)", () => {
    const pieces = ["é".repeat(30_000), "a".repeat(22_000), "x".repeat(20_000), "😀", "ü1", "k", 7];
    const keys = [...pieces, ...pieces.slice().reverse(), ...pieces.map((key) => `${key}!`), ...pieces];
    expectFound(keys, 2);
  });

  it("words the first few with their lines", () => {
    const check = new DuplicateKeyCheck(false, 1);
    ["a", "b", "a", 1, "1", "b", "a", "c", "c", "c", "c"].forEach((key, row) => check.add(key, row, row + 2));
    const found = check.finish();
    expect(found.rows).toBeUndefined();
    expect(duplicateKeysText("Id", found).message).toBe(
      '6 rows repeat an account key (Id): "a" on line 4 (first on line 2); "b" on line 7 (first on line 3); "a" on line 8 (first on line 2); "c" on line 10 (first on line 9); "c" on line 11 (first on line 9); and 1 more',
    );
  });
});

/** The check over `keys` (row i on line i + 2), spilling past `memoryKeys`, finds exactly what `expected` finds. */
function expectFound(keys: (string | number)[], memoryKeys: number): void {
  const check = new DuplicateKeyCheck(true, memoryKeys);
  keys.forEach((key, row) => check.add(key, row, row + 2));
  const found = check.finish();
  const want = expected(keys);
  expect(found.count).toBe(want.length);
  expect([...found.rows!]).toEqual(want.map((d) => d.row));
  expect(found.first.map((d) => [d.line, d.firstLine])).toEqual(want.slice(0, 5).map((d) => [d.row + 2, d.firstLine]));
}
