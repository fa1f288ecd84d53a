import type { Plan } from "@segform/plan";

/** The values an account is ranked by in one capped tier (best first per the tier's rankBy). */
export type RankValues = (number | string | null)[];

export interface Candidate {
  /** Input position (0-based); unique, the last tie-break. */
  row: number;
  /** Account key; the first tie-break. */
  key: string | number | null;
  /** Tier indexes whose condition holds, in order. */
  matches: number[];
  /** Rank values for each capped tier in `matches`, by tier index. */
  ranks: Map<number, RankValues>;
}

/**
 * Assigns tiers with capacities. First match wins; a capped tier keeps its best N candidates (by its ranking,
 * then key ascending, then input order) and the others fall to their next matching tier, which may be capped
 * too. Accounts can be offered in any order: the result is the same, because a capped tier only ever evicts
 * its worst member, and an evicted account can never re-enter. Memory is bounded by the sum of capacities.
 */
export class TierAllocator {
  private readonly heaps: Map<number, Heap>;
  private readonly capacity: (number | null)[];
  private readonly orders: ("asc" | "desc")[][];

  constructor(plan: Plan) {
    this.capacity = plan.tiers.map((tier) => tier.capacity);
    this.orders = plan.tiers.map((tier) => tier.rankBy.map((rank) => rank.order));
    this.heaps = new Map();
    plan.tiers.forEach((tier, index) => {
      if (tier.capacity !== null) this.heaps.set(index, new Heap((a, b) => this.worse(index, a, b)));
    });
  }

  /** Whether any tier has a capacity (otherwise tiers are decided per account, in one pass). */
  get needsAllocation(): boolean {
    return this.heaps.size > 0;
  }

  /** Compares for "a ranks worse than b" in tier `tier`: positive when a is worse. */
  private worse(tier: number, a: Candidate, b: Candidate): number {
    const order = this.orders[tier]!;
    const ra = a.ranks.get(tier)!;
    const rb = b.ranks.get(tier)!;
    for (let i = 0; i < order.length; i++) {
      const c = compareRank(ra[i]!, rb[i]!, order[i]!);
      if (c !== 0) return c;
    }
    const k = compareKeys(a.key, b.key);
    if (k !== 0) return k;
    return a.row - b.row;
  }

  offer(candidate: Candidate): void {
    this.place(candidate, 0);
  }

  private place(candidate: Candidate, from: number): void {
    let current: Candidate | undefined = candidate;
    let position = from;
    while (current) {
      const tier = current.matches[position];
      if (tier === undefined) return; // falls out of every tier
      const heap = this.heaps.get(tier);
      if (!heap) return; // an uncapped tier takes it; decided again per account in the second pass
      const capacity = this.capacity[tier]!;
      if (capacity === 0) {
        position++;
        continue;
      }
      if (heap.size < capacity) {
        heap.push(current);
        return;
      }
      const worst = heap.peek()!;
      if (this.worse(tier, current, worst) < 0) {
        heap.replaceTop(current);
        current = worst;
      }
      position = current.matches.indexOf(tier) + 1;
    }
  }

  /** The rows kept by each capped tier. */
  result(): TierAllocation {
    const kept = new Map<number, Set<number>>();
    for (const [tier, heap] of this.heaps) kept.set(tier, new Set(heap.items().map((c) => c.row)));
    return new TierAllocation(kept);
  }
}

/** The outcome of allocation: which rows each capped tier kept. */
export class TierAllocation {
  constructor(readonly kept: Map<number, Set<number>>) {}

  /** The account's tier index given its matching tiers, or -1. */
  tierOf(row: number, matches: readonly number[]): number {
    for (const tier of matches) {
      const keep = this.kept.get(tier);
      if (!keep || keep.has(row)) return tier;
    }
    return -1;
  }
}

/** Missing values rank last whatever the order. */
function compareRank(a: number | string | null, b: number | string | null, order: "asc" | "desc"): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : a > b ? 1 : 0;
  return order === "desc" ? -c : c;
}

/** Keys compare as numbers when both are numbers, otherwise as strings by code unit. */
export function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareCodePoints(String(a), String(b));
}

/**
 * Orders strings by Unicode code point (what SQL engines' binary collations do), not by UTF-16 code unit
 * (what `<` does): the two differ for characters above U+FFFF against U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A binary max-heap by `worse`: the top is the worst member. */
class Heap {
  private readonly data: Candidate[] = [];
  constructor(private readonly worse: (a: Candidate, b: Candidate) => number) {}
  get size(): number {
    return this.data.length;
  }
  peek(): Candidate | undefined {
    return this.data[0];
  }
  items(): Candidate[] {
    return [...this.data];
  }
  push(item: Candidate): void {
    this.data.push(item);
    let i = this.data.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.worse(this.data[i]!, this.data[parent]!) <= 0) break;
      [this.data[i], this.data[parent]] = [this.data[parent]!, this.data[i]!];
      i = parent;
    }
  }
  replaceTop(item: Candidate): void {
    this.data[0] = item;
    let i = 0;
    const n = this.data.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < n && this.worse(this.data[left]!, this.data[largest]!) > 0) largest = left;
      if (right < n && this.worse(this.data[right]!, this.data[largest]!) > 0) largest = right;
      if (largest === i) break;
      [this.data[i], this.data[largest]] = [this.data[largest]!, this.data[i]!];
      i = largest;
    }
  }
}
