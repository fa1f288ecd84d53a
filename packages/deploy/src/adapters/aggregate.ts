import { compareCodePoints } from "@segform/engine";
import type { OperationResult } from "./adapter.js";

/**
 * The work an adapter aggregates across batches (list memberships, segment elements, campaign members): items
 * queued per group (a list, a segment, a campaign and direction) in the order their operations came, sent in
 * requests of up to the endpoint's maximum. An operation is settled once every item it queued is done (ok), or
 * as soon as one is refused (rejected). Each flush costs what it sends, not what is waiting.
 */
export class AggregateQueue<T> {
  private readonly groups = new Map<string, { items: { op: string; item: T }[]; head: number }>();
  /** Items not yet done, per operation id. */
  private readonly left = new Map<string, number>();
  private readonly refused = new Map<string, string>();
  private readonly queued = new Set<string>();

  /** Queues an operation's items (once: an operation already queued is not queued again). */
  add(op: string, items: { group: string; item: T }[]): void {
    if (this.queued.has(op)) return;
    this.queued.add(op);
    this.left.set(op, items.length);
    for (const { group, item } of items) {
      let queue = this.groups.get(group);
      if (!queue) this.groups.set(group, (queue = { items: [], head: 0 }));
      queue.items.push({ op, item });
    }
  }

  /** The first group (by name) with `size` items waiting, or with `final` any: its next `size` items. */
  due(size: number, final: boolean): { group: string; items: { op: string; item: T }[] } | undefined {
    for (const group of [...this.groups.keys()].sort(compareCodePoints)) {
      const queue = this.groups.get(group)!;
      const waiting = queue.items.length - queue.head;
      if (waiting >= size || (final && waiting > 0))
        return { group, items: queue.items.slice(queue.head, queue.head + size) };
      if (!waiting) this.groups.delete(group);
    }
    return undefined;
  }

  /**
   * The destination answered for the group's next `count` items (those `due` gave): each is done, or refused with
   * a reason. Returns the operations this settles.
   */
  answered(
    group: string,
    count: number,
    refusals: ReadonlyMap<number, string> = new Map(),
  ): Map<string, OperationResult> {
    const queue = this.groups.get(group)!;
    const settled = new Map<string, OperationResult>();
    for (let i = 0; i < count; i++) {
      const { op } = queue.items[queue.head + i]!;
      const reason = refusals.get(i);
      if (this.refused.has(op)) continue;
      if (reason !== undefined) {
        this.refused.set(op, reason);
        this.left.delete(op);
        settled.set(op, { status: "rejected", reason });
        continue;
      }
      const left = this.left.get(op)! - 1;
      this.left.set(op, left);
      if (left === 0) {
        this.left.delete(op);
        settled.set(op, { status: "ok" });
      }
    }
    queue.head += count;
    if (queue.head === queue.items.length) this.groups.delete(group);
    else if (queue.head > 10_000 && queue.head * 2 > queue.items.length) {
      queue.items.splice(0, queue.head);
      queue.head = 0;
    }
    return settled;
  }
}
