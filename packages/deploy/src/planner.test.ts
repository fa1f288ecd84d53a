import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idempotencyId, recordHash } from "./hash.js";
import type { DesiredRecord, FieldValue, StateRecord } from "./model.js";
import { planDestination, type DestinationState } from "./planner.js";

const desired = (
  key: string,
  values: Record<string, FieldValue>,
  segment: string | null = "fintech",
  tier: string | null = "tier1",
): DesiredRecord => ({ key, values, segment, tier });
const held = (
  key: string,
  values: Record<string, FieldValue>,
  segment: string | null = "fintech",
  tier: string | null = "tier1",
): StateRecord => ({ key, values, hash: recordHash(values), segment, tier });

function state(records: StateRecord[], failed: [string, string][] = [], serial = 3): DestinationState {
  return { point: { serial, journal: 0 }, records: new Map(records.map((r) => [r.key, r])), failed: new Map(failed) };
}

function plan(want: DesiredRecord[], have: DestinationState, settings: Record<string, FieldValue> = {}) {
  return planDestination({
    name: "crm",
    type: "file",
    settings,
    definitions: "sha256:defs",
    desired: new Map(want.map((r) => [r.key, r])),
    state: have,
    whereabouts: new Map([
      ["b", { segment: "other", tier: null }],
      ["c", { segment: null, tier: null }],
    ]),
  });
}

describe("planDestination", () => {
  const have = state([
    held("a", { Segment: "fintech" }),
    held("b", { Segment: "fintech" }),
    held("c", { Segment: "fintech" }),
    held("d", { Segment: "software" }, "software"),
  ]);
  const want = [
    desired("e", { Segment: "fintech" }),
    desired("d", { Segment: "software" }, "software"),
    desired("a", { Segment: "software" }, "software", "tier2"),
  ];

  it("creates, updates (naming the changed fields) and, in mirror mode, removes; the rest is unchanged", () => {
    const result = plan(want, have, { mode: "mirror" });
    expect(result.counts).toEqual({ create: 1, update: 1, remove: 2, unchanged: 1 });
    expect(result.actions.map((a) => [a.action, a.key, a.effect ?? null, a.changed ?? null, a.reason])).toEqual([
      ["update", "a", null, ["Segment"], "segment fintech -> software, tier tier1 -> tier2"],
      ["remove", "b", "delete", null, "left the audience (now segment other)"],
      ["remove", "c", "delete", null, "left the audience (now outside the ICP)"],
      ["create", "e", null, null, "entered segment fintech, tier tier1"],
    ]);
    const create = result.actions[3]!;
    expect(create.id).toBe(idempotencyId("sha256:defs", "crm", "e", "create", recordHash({ Segment: "fintech" }), 3));
    expect(result.actions[0]!.previous).toEqual({ Segment: "fintech" });
  });

  it("upsert keeps the records of accounts that left; on_exit clear clears them", () => {
    const keep = plan(want, have, {});
    expect(keep.actions.map((a) => [a.action, a.key])).toEqual([
      ["update", "a"],
      ["create", "e"],
    ]);
    expect(keep.counts).toEqual({ create: 1, update: 1, remove: 0, unchanged: 3 });
    const clear = plan(want, have, { on_exit: "clear" });
    expect(clear.actions.filter((a) => a.action === "remove").map((a) => [a.key, a.effect, a.reason])).toEqual([
      ["b", "clear", "clear: left the audience (now segment other)"],
      ["c", "clear", "clear: left the audience (now outside the ICP)"],
    ]);
  });

  it("puts the keys rejected last time first", () => {
    const result = plan(want, state(have.records.size ? [...have.records.values()] : [], [["e", "HTTP 422"]]), {
      mode: "mirror",
    });
    expect(result.actions.map((a) => [a.key, a.retry ?? false])).toEqual([
      ["e", true],
      ["a", false],
      ["b", false],
      ["c", false],
    ]);
  });

  it("guards mass changes against the records in state, not on the first apply", () => {
    const removals = plan([], have, { mode: "mirror", max_removals: "25%" });
    expect(removals.guard.exceeded).toEqual([
      "4 removals exceed max_removals 25% (1 of 4 records)",
      "4 changes exceed max_changes 50% (2 of 4 records)",
    ]);
    expect(plan([], have, { mode: "mirror", max_removals: 4, max_changes: 4 }).guard.exceeded).toEqual([]);
    expect(plan(want, state([]), { max_changes: 0 }).guard.exceeded).toEqual([]);
  });

  it("gives the same plan whatever the order of the desired records and the state (property)", () => {
    const record = fc.record({
      key: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      value: fc.constantFrom("x", "y", 1, true),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { selector: (r) => r.key }),
        fc.uniqueArray(record, { selector: (r) => r.key }),
        fc.boolean(),
        (wants, haves, mirror) => {
          const wantRecords = wants.map((r) => desired(r.key, { F: r.value }));
          const haveRecords = haves.map((r) => held(r.key, { F: r.value }));
          const settings = { mode: mirror ? "mirror" : "upsert" };
          const forward = plan(wantRecords, state(haveRecords), settings);
          const backward = plan([...wantRecords].reverse(), state([...haveRecords].reverse()), settings);
          expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
          // Applying the actions to the state gives exactly the desired records (mirror) or a superset (upsert, keep).
          const after = new Map(haveRecords.map((r) => [r.key, r.hash]));
          for (const action of forward.actions) {
            if (action.action === "remove") after.delete(action.key);
            else after.set(action.key, action.hash!);
          }
          for (const want of wantRecords) expect(after.get(want.key)).toBe(recordHash(want.values));
          if (mirror) expect(after.size).toBe(wantRecords.length);
        },
      ),
      { seed: 10, numRuns: 300 },
    );
  });
});
