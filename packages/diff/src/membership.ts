import type { Plan } from "@segform/plan";
import { compareKeys, explainAccount } from "@segform/engine";
import { pairItems } from "./definitions.js";
import {
  NO_TIER,
  OUTSIDE_ICP,
  type ActivationImpact,
  type GroupChange,
  type MembershipDiff,
  type Transition,
  type TransitionExample,
} from "./model.js";
import { PushedValues, type EvaluatedAccount } from "./pushed.js";
import { transitionReason, type ExplainedAccount } from "./reasons.js";

export type { EvaluatedAccount } from "./pushed.js";

export interface MembershipDiffOptions {
  /** Reference day (days since 1970-01-01) both plans were evaluated at, for explanations of `within_days`. */
  asOfDay: number;
  /** Example accounts kept per transition (the smallest keys). Default 3. */
  examplesPerTransition?: number;
  /** Transitions, per dimension, that get examples with reasons (the largest). Default 10. */
  maxTransitionsWithExamples?: number;
}

export interface MembershipDiffResult {
  membership: MembershipDiff;
  activations: ActivationImpact[];
}

type Dimension = "segment" | "tier";

/** An account kept as an example: enough to explain it later under both plans. */
interface Example {
  key: string | number | null;
  row: number;
  base: EvaluatedAccount;
  head: EvaluatedAccount;
}

/** Smallest key first; the input row breaks ties (rows are unique), so the order is total. */
function compareExamples(
  a: { key: string | number | null; row: number },
  b: { key: string | number | null; row: number },
): number {
  return compareKeys(a.key, b.key) || a.row - b.row;
}

/** The k smallest examples seen, in a max-heap (the largest kept example on top, first to go). */
class SmallestExamples {
  private readonly heap: Example[] = [];
  constructor(private readonly limit: number) {}

  wouldKeep(candidate: { key: string | number | null; row: number }): boolean {
    if (this.limit <= 0) return false;
    return this.heap.length < this.limit || compareExamples(candidate, this.heap[0]!) < 0;
  }

  /** Adds an example `wouldKeep` accepted. */
  add(example: Example): void {
    const heap = this.heap;
    if (heap.length < this.limit) {
      heap.push(example);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compareExamples(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
      return;
    }
    heap[0] = example;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && compareExamples(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && compareExamples(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === i) break;
      [heap[i], heap[largest]] = [heap[largest]!, heap[i]!];
      i = largest;
    }
  }

  sorted(): Example[] {
    return [...this.heap].sort(compareExamples);
  }
}

/** Group ids of one dimension, in report order, with an index per id; the ids are fixed up front. */
class Groups {
  readonly ids: readonly string[];
  private readonly index: Map<string, number>;
  readonly before: number[];
  readonly after: number[];
  readonly entered: number[];
  readonly left: number[];

  constructor(
    private readonly dimension: Dimension,
    ids: readonly string[],
  ) {
    this.ids = ids;
    this.index = new Map(ids.map((id, index) => [id, index]));
    this.before = ids.map(() => 0);
    this.after = ids.map(() => 0);
    this.entered = ids.map(() => 0);
    this.left = ids.map(() => 0);
  }

  of(id: string): number {
    const index = this.index.get(id);
    // Results from another plan than the two compared: a caller bug, not a user error.
    if (index === undefined) throw new Error(`membership diff: ${this.dimension} "${id}" is in neither plan`);
    return index;
  }

  changes(): GroupChange[] {
    return this.ids.map((id, i) => ({
      id,
      before: this.before[i]!,
      after: this.after[i]!,
      entered: this.entered[i]!,
      left: this.left[i]!,
    }));
  }
}

interface PairState {
  from: number;
  to: number;
  count: number;
  examples: SmallestExamples;
}

/** Ids in report order: the head plan's, then those only the base plan has, in its order. */
function unionInOrder(head: readonly string[], base: readonly string[], last: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of [...head, ...base, ...last]) if (!out.includes(id)) out.push(id);
  return out;
}

interface ActivationCounts {
  activation: string;
  destination: string;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

/**
 * Compares the membership two plans produce over the same accounts, one account at a time (in any order: the
 * result does not depend on it). Memory is bounded by the number of distinct transitions times the examples kept
 * per transition; only kept examples hold an account's values, and only they are explained, at the end.
 */
export class MembershipDiffer {
  private readonly segments: Groups;
  private readonly tiers: Groups;
  private readonly pairs: Record<Dimension, Map<number, PairState>> = { segment: new Map(), tier: new Map() };
  private readonly examplesPerTransition: number;
  private readonly maxTransitionsWithExamples: number;
  private readonly pushed: PushedValues;
  private readonly activationIndex = new Map<string, number>();
  private readonly activationCounts: ActivationCounts[];
  private accounts = 0;
  private changed = 0;
  /** Audience ids (head's in plan order, then the base's own) and their counts; null when neither plan has audiences. */
  private readonly audiences: { ids: string[]; index: Map<string, number>; groups: GroupChange[] } | null;

  constructor(
    private readonly base: Plan,
    private readonly head: Plan,
    private readonly options: MembershipDiffOptions,
  ) {
    this.examplesPerTransition = options.examplesPerTransition ?? 3;
    this.maxTransitionsWithExamples = options.maxTransitionsWithExamples ?? 10;
    this.segments = new Groups(
      "segment",
      unionInOrder(
        head.segments.map((segment) => segment.id),
        base.segments.map((segment) => segment.id),
        [head.fallback.id, base.fallback.id, OUTSIDE_ICP],
      ),
    );
    this.tiers = new Groups(
      "tier",
      unionInOrder(
        head.tiers.map((tier) => tier.id),
        base.tiers.map((tier) => tier.id),
        [NO_TIER, OUTSIDE_ICP],
      ),
    );
    if (base.audiences || head.audiences) {
      const ids = unionInOrder(
        (head.audiences ?? []).map((audience) => audience.id),
        (base.audiences ?? []).map((audience) => audience.id),
        [],
      );
      this.audiences = {
        ids,
        index: new Map(ids.map((id, index) => [id, index])),
        groups: ids.map((id) => ({ id, before: 0, after: 0, entered: 0, left: 0 })),
      };
    } else this.audiences = null;
    this.pushed = new PushedValues(base, head);
    const names = [...new Set([...head.activations, ...base.activations].map((activation) => activation.name))].sort(
      compareText,
    );
    this.activationCounts = names.map((name, index) => {
      this.activationIndex.set(name, index);
      const before = base.activations.find((activation) => activation.name === name)?.destination;
      const after = head.activations.find((activation) => activation.name === name)?.destination;
      const destination =
        before !== undefined && after !== undefined && before !== after ? `${before} -> ${after}` : (after ?? before)!;
      return { activation: name, destination, added: 0, updated: 0, removed: 0, unchanged: 0 };
    });
  }

  /** Adds one account: its evaluation under the base plan and under the head plan. `row` identifies it (unique). */
  add(row: number, base: EvaluatedAccount, head: EvaluatedAccount): void {
    this.accounts++;
    // With `segments: { scope: all }` an account outside the ICP has a segment: it is counted there.
    const segmentFrom = this.segments.of(base.result.segment ?? OUTSIDE_ICP);
    const segmentTo = this.segments.of(head.result.segment ?? OUTSIDE_ICP);
    const tierFrom = this.tiers.of(base.result.icp ? (base.result.tier ?? NO_TIER) : OUTSIDE_ICP);
    const tierTo = this.tiers.of(head.result.icp ? (head.result.tier ?? NO_TIER) : OUTSIDE_ICP);
    const key = head.result.key ?? base.result.key;
    let example: Example | undefined;
    const keep = (): Example => (example ??= { key, row, base: snapshot(base), head: snapshot(head) });
    this.count(this.segments, this.pairs.segment, segmentFrom, segmentTo, key, row, keep);
    this.count(this.tiers, this.pairs.tier, tierFrom, tierTo, key, row, keep);
    if (segmentFrom !== segmentTo || tierFrom !== tierTo) this.changed++;
    this.countActivations(base, head);
    if (this.audiences) this.countAudiences(base.result.audiences ?? [], head.result.audiences ?? []);
  }

  private countAudiences(before: readonly string[], after: readonly string[]): void {
    const { index, groups } = this.audiences!;
    for (const id of before) {
      const group = groups[index.get(id)!]!;
      group.before++;
      if (!after.includes(id)) group.left++;
    }
    for (const id of after) {
      const group = groups[index.get(id)!]!;
      group.after++;
      if (!before.includes(id)) group.entered++;
    }
  }

  private count(
    groups: Groups,
    pairs: Map<number, PairState>,
    from: number,
    to: number,
    key: string | number | null,
    row: number,
    keep: () => Example,
  ): void {
    groups.before[from]!++;
    groups.after[to]!++;
    if (from === to) return;
    groups.left[from]!++;
    groups.entered[to]!++;
    const pairKey = from * 0x10000 + to;
    let pair = pairs.get(pairKey);
    if (!pair) {
      pair = { from, to, count: 0, examples: new SmallestExamples(this.examplesPerTransition) };
      pairs.set(pairKey, pair);
    }
    pair.count++;
    if (pair.examples.wouldKeep({ key, row })) pair.examples.add(keep());
  }

  private countActivations(base: EvaluatedAccount, head: EvaluatedAccount): void {
    const before = base.result.activations;
    const after = head.result.activations;
    for (const name of before) {
      const counts = this.countsFor(name);
      if (!after.includes(name)) counts.removed++;
      else if (this.pushed.differs(name, base, head)) counts.updated++;
      else counts.unchanged++;
    }
    for (const name of after) if (!before.includes(name)) this.countsFor(name).added++;
  }

  private countsFor(name: string): ActivationCounts {
    const index = this.activationIndex.get(name);
    if (index === undefined) throw new Error(`membership diff: activation "${name}" is in neither plan`);
    return this.activationCounts[index]!;
  }

  /** The membership diff and activation impact so far. `data` names the data the accounts came from. */
  result(data: string): MembershipDiffResult {
    const renamed = this.renames();
    const explained = new Map<Example, { base: ExplainedAccount; head: ExplainedAccount }>();
    const explain = (example: Example) => {
      let sides = explained.get(example);
      if (!sides) {
        sides = {
          base: {
            plan: this.base,
            explanation: explainAccount(this.base, example.base.prepared, example.base.result, this.options.asOfDay),
          },
          head: {
            plan: this.head,
            explanation: explainAccount(this.head, example.head.prepared, example.head.result, this.options.asOfDay),
          },
        };
        explained.set(example, sides);
      }
      return sides;
    };
    const transitions = (dimension: Dimension, groups: Groups): Transition[] => {
      const sorted = [...this.pairs[dimension].values()].sort(
        (a, b) => b.count - a.count || a.from - b.from || a.to - b.to,
      );
      return sorted.map((pair, rank): Transition => {
        const from = groups.ids[pair.from]!;
        const to = groups.ids[pair.to]!;
        const examples: TransitionExample[] =
          rank < this.maxTransitionsWithExamples
            ? pair.examples.sorted().map((example) => {
                const sides = explain(example);
                return {
                  account: example.key === null ? `row ${example.row + 1}` : String(example.key),
                  reason: transitionReason(dimension, from, to, sides.base, sides.head, renamed[dimension]),
                };
              })
            : [];
        return { dimension, from, to, count: pair.count, examples };
      });
    };
    return {
      membership: {
        data,
        accounts: this.accounts,
        changed: this.changed,
        segments: this.segments.changes(),
        tiers: this.tiers.changes(),
        transitions: [...transitions("segment", this.segments), ...transitions("tier", this.tiers)],
        ...(this.audiences ? { audiences: this.audiences.groups.map((group) => ({ ...group })) } : {}),
      },
      activations: this.activationCounts.map((counts) => ({ ...counts })),
    };
  }

  /** Tiers and segments renamed without other change (base id -> head id), the fallback included. */
  private renames(): Record<Dimension, Map<string, string>> {
    const renamed = <T extends { id: string }>(base: readonly T[], head: readonly T[]): Map<string, string> => {
      const pairs = pairItems(base, head, (item) => item.id, true);
      return new Map([...pairs.renamed].map((headIndex) => [base[pairs.origin[headIndex]!]!.id, head[headIndex]!.id]));
    };
    const segment = renamed(this.base.segments, this.head.segments);
    if (this.base.fallback.id !== this.head.fallback.id) segment.set(this.base.fallback.id, this.head.fallback.id);
    return { segment, tier: renamed(this.base.tiers, this.head.tiers) };
  }
}

/** A copy of what an example needs, so the caller may reuse its buffers. */
function snapshot(account: EvaluatedAccount): EvaluatedAccount {
  const { prepared, result } = account;
  return {
    prepared: {
      ...prepared,
      values: prepared.values.slice(),
      scores: prepared.scores.slice(),
      matches: prepared.matches.slice(),
    },
    result: {
      ...result,
      scores: result.scores.slice(),
      activations: result.activations.slice(),
      ...(result.audiences ? { audiences: result.audiences.slice() } : {}),
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
