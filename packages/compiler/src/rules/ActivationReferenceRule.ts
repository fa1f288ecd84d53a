import { suggest } from "@segform/spec";
import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/** Every `activate` name is a declared activation; every activation's destination is declared. */
export function ActivationReferenceRule(ctx: CheckContext): void {
  const activations = [...ctx.spec.activations.keys()];
  const checkList = (list: string[] | undefined, origin: Origin) => {
    list?.forEach((name, index) => {
      if (ctx.spec.activations.has(name)) return;
      const near = suggest(name, activations);
      ctx.error(
        "SEG023",
        `unknown activation "${name}"`,
        at(origin, "activate", index),
        "value",
        near ? `did you mean "${near}"?` : "declare it under `activations`",
      );
    });
  };
  ctx.spec.tiers?.value.forEach((tier, index) => checkList(tier.activate, at(ctx.spec.tiers!.at, index)));
  ctx.spec.segments?.value.forEach((segment, index) => checkList(segment.activate, at(ctx.spec.segments!.at, index)));
  ctx.spec.audiences?.value.forEach((audience, index) =>
    checkList(audience.activate, at(ctx.spec.audiences!.at, index)),
  );
  const destinations = [...ctx.spec.destinations.keys()];
  for (const [name, entry] of ctx.spec.activations) {
    const destination = entry.value.destination;
    if (ctx.spec.destinations.has(destination)) continue;
    const near = suggest(destination, destinations);
    ctx.error(
      "SEG023",
      `activation ${name} pushes to unknown destination "${destination}"`,
      at(entry.at, "destination"),
      "value",
      near ? `did you mean "${near}"?` : "declare it under `destinations`",
    );
  }
}
