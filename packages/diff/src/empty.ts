import { withHash, type Plan } from "@segform/plan";

/**
 * The base of a project's first change (the base commit has no definitions file): a plan that defines nothing and
 * puts no account in the ICP, keyed like `head` (so both sides read the same accounts). Against it every
 * definition is added, and every account enters its segment and tier.
 */
export function emptyBase(head: Plan): Plan {
  const key = head.fields.find((field) => field.name === head.key);
  const { hash: _hash, ...rest } = head;
  return withHash({
    ...rest,
    name: null,
    fields: key ? [key] : [],
    icp: { op: "const", value: false },
    scores: [],
    tiers: [],
    segments: [],
    fallback: { id: head.fallback.id, activate: [] },
    contacts: null,
    activations: [],
    destinations: [],
    quality: {},
  });
}
