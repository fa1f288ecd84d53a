import type { Plan } from "@segform/plan";
import { describe, expect, it } from "vitest";
import { DesiredRecords, type LabelledAccount } from "./desired.js";
import { recordHash } from "./hash.js";
import { threeDestinations } from "../test/definitions.js";

const definitions = (extra = ""): Plan => threeDestinations("desired-test", extra);

const account = (
  key: string,
  segment: string | null,
  tier: string | null,
  fit: number,
  activations: string[],
): LabelledAccount =>
  ({
    result: { key, segment, tier, scores: [fit], activations },
    prepared: { values: ["field value", "field value", "field value"] },
  }) as unknown as LabelledAccount;

describe("DesiredRecords", () => {
  it("renders and hashes once per group of accounts, shares those values, and keeps whereabouts only where a removal can happen", () => {
    const desired = new DesiredRecords(definitions(), ["m", "u", "c"]);
    desired.add(account("k1", "software", "tier1", 30, ["a-mirror", "b-keep", "c-clear"]));
    // Unsorted activations: the same group.
    desired.add(account("k2", "software", "tier1", 30, ["c-clear", "b-keep", "a-mirror"]));
    desired.add(account("k3", "other", null, 0, ["a-mirror"]));
    desired.add(account("k4", null, null, 0, []));
    // A duplicate key keeps its first occurrence, whether or not it has whereabouts.
    desired.add(account("k1", "other", null, 0, ["a-mirror"]));
    desired.add(account("k4", "other", null, 0, ["a-mirror"]));

    const m = desired.records("m");
    expect([...m.keys()]).toEqual(["k1", "k2", "k3"]);
    const values = { audience: "Everyone", fit: "30", segment: "software" };
    expect(m.get("k1")).toEqual({
      key: "k1",
      values,
      segment: "software",
      tier: "tier1",
      hash: recordHash(values),
    });
    expect(m.get("k2")!.values).toBe(m.get("k1")!.values);
    expect(m.get("k3")).toEqual({
      key: "k3",
      values: { audience: "Everyone", fit: "0", segment: "other" },
      segment: "other",
      tier: null,
      hash: recordHash({ audience: "Everyone", fit: "0", segment: "other" }),
    });
    expect([...desired.records("u").values()].map((record) => [record.key, record.values])).toEqual([
      ["k1", { tier: "tier1" }],
      ["k2", { tier: "tier1" }],
    ]);
    expect([...desired.records("c").keys()]).toEqual(["k1", "k2"]);
    // k1 and k2 are desired at both destinations that can remove (m, c): no removal can need their whereabouts.
    expect([...desired.whereabouts]).toEqual([
      ["k3", { segment: "other", tier: null }],
      ["k4", { segment: null, tier: null }],
    ]);
    expect(desired.sorted("m").map((record) => record.key)).toEqual(["k1", "k2", "k3"]);
  });

  it("keeps every account's whereabouts without a destination that can remove, and renders per account when a template reads an account field", () => {
    const keep = new DesiredRecords(definitions(), ["u"]);
    keep.add(account("k1", "software", "tier1", 30, ["a-mirror", "b-keep", "c-clear"]));
    keep.add(account("k1", "other", null, 0, []));
    expect([...keep.whereabouts]).toEqual([["k1", { segment: "software", tier: "tier1" }]]);
    expect([...keep.records("u").values()]).toEqual([
      { key: "k1", values: { tier: "tier1" }, segment: "software", tier: "tier1", hash: recordHash({ tier: "tier1" }) },
    ]);

    const perAccount = new DesiredRecords(definitions(', industry: "{{ account.industry }}"'), ["m"]);
    perAccount.add(account("k1", "software", "tier1", 30, ["a-mirror"]));
    perAccount.add(account("k2", "software", "tier1", 30, ["a-mirror"]));
    const m = perAccount.records("m");
    const values = { audience: "Everyone", fit: "30", industry: "field value", segment: "software" };
    expect(m.get("k1")).toEqual({ key: "k1", values, segment: "software", tier: "tier1", hash: undefined });
    expect(m.get("k2")!.values).toEqual(values);
    expect(m.get("k2")!.values).not.toBe(m.get("k1")!.values);
  });
});
