import { describe, expect, it } from "vitest";
import { AggregateQueue } from "./aggregate.js";

describe("AggregateQueue", () => {
  it("gives full requests per group (by name) until final, and settles an operation when all its items are done", () => {
    const queue = new AggregateQueue<string>();
    queue.add("op1", [
      { group: "B", item: "b1" },
      { group: "A", item: "a1" },
    ]);
    queue.add("op2", [{ group: "B", item: "b2" }]);
    queue.add("op3", [{ group: "B", item: "b3" }]);
    queue.add("op1", [{ group: "C", item: "again" }]); // queued once only
    expect(queue.due(3, false)).toEqual({
      group: "B",
      items: [
        { op: "op1", item: "b1" },
        { op: "op2", item: "b2" },
        { op: "op3", item: "b3" },
      ],
    });
    expect(queue.due(4, false)).toBeUndefined();
    // B answered with b3 refused: op2 done, op3 rejected, op1 still waits for A.
    expect(queue.answered("B", 3, new Map([[2, "refused"]]))).toEqual(
      new Map([
        ["op2", { status: "ok" }],
        ["op3", { status: "rejected", reason: "refused" }],
      ]),
    );
    expect(queue.due(3, false)).toBeUndefined();
    expect(queue.due(3, true)).toEqual({ group: "A", items: [{ op: "op1", item: "a1" }] });
    expect(queue.answered("A", 1)).toEqual(new Map([["op1", { status: "ok" }]]));
    expect(queue.due(3, true)).toBeUndefined();
  });

  it("sends the same items again when a request was not answered (a retry after a transient failure)", () => {
    const queue = new AggregateQueue<number>();
    queue.add("op", [
      { group: "G", item: 1 },
      { group: "G", item: 2 },
    ]);
    expect(queue.due(1, false)!.items).toEqual([{ op: "op", item: 1 }]);
    expect(queue.due(1, false)!.items).toEqual([{ op: "op", item: 1 }]);
    expect(queue.answered("G", 1)).toEqual(new Map());
    expect(queue.due(1, false)!.items).toEqual([{ op: "op", item: 2 }]);
    expect(queue.answered("G", 1)).toEqual(new Map([["op", { status: "ok" }]]));
  });
});
