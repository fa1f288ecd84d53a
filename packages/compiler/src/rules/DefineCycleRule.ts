import type { Condition } from "@segform/spec";
import type { CheckContext } from "../context.js";
import type { Entry } from "../resolve.js";

/** Named conditions do not refer to themselves, directly or through others. */
export function DefineCycleRule(ctx: CheckContext): void {
  const check = (defines: Map<string, Entry<Condition>>) => {
    const state = new Map<string, "visiting" | "done">();
    const reported = new Set<string>();
    // Depth-first without recursion: define chains can be thousands of links long. `path` is the chain being walked.
    const visit = (root: string) => {
      if (!defines.has(root) || state.has(root)) return;
      const path: { name: string; used: string[]; next: number }[] = [
        { name: root, used: namedIn(defines.get(root)!.value), next: 0 },
      ];
      state.set(root, "visiting");
      while (path.length) {
        const frame = path[path.length - 1]!;
        if (frame.next >= frame.used.length) {
          state.set(frame.name, "done");
          path.pop();
          continue;
        }
        const name = frame.used[frame.next++]!;
        const entry = defines.get(name);
        if (!entry || state.get(name) === "done") continue;
        if (state.get(name) === "visiting") {
          const names = path.map((item) => item.name);
          const cycle = [...names.slice(names.indexOf(name)), name];
          const key = [...cycle].sort().join(",");
          if (!reported.has(key)) {
            reported.add(key);
            ctx.error(
              "SEG031",
              `named conditions refer to each other in a cycle: ${cycle.join(" -> ")}`,
              entry.at,
              "key",
              "break the cycle; a condition cannot be defined in terms of itself",
            );
          }
          continue;
        }
        state.set(name, "visiting");
        path.push({ name, used: namedIn(entry.value), next: 0 });
      }
    };
    for (const name of defines.keys()) visit(name);
  };
  check(ctx.spec.define);
  const contacts = ctx.spec.contacts;
  if (contacts?.value.define) {
    check(
      new Map(
        Object.entries(contacts.value.define).map(([name, value]) => [
          name,
          { value, at: { doc: contacts.at.doc, path: [...contacts.at.path, "define", name] } },
        ]),
      ),
    );
  }
}

function namedIn(condition: Condition, out: string[] = []): string[] {
  if (typeof condition === "string") out.push(condition);
  else {
    for (const [key, value] of Object.entries(condition)) {
      if (key === "all" || key === "any") (value as Condition[]).forEach((item) => namedIn(item, out));
      else if (key === "not") namedIn(value as Condition, out);
    }
  }
  return out;
}
