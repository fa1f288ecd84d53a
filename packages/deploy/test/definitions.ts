// Test definitions shared by the desired-records and bounded-plan tests: an ICP over industry, a fit score, one
// tier, two segments and three file destinations: a mirror (m), an upsert that keeps (u) and one that clears (c).
import { compileProject, type FileReader } from "@segform/compiler";
import type { Plan } from "@segform/plan";

/** `name`: the project's name; `extra`: more `set:` entries for the mirror's activation (e.g. per-account values). */
export function threeDestinations(name: string, extra = ""): Plan {
  const files: Record<string, string> = {
    "segments.yaml": `version: 1
name: ${name}
key: account_id
as_of: "2026-11-01"
fields:
  account_id: { type: string, nullable: false }
  industry: { type: string }
icp:
  include: { industry: [software, fintech] }
scores:
  fit:
    criteria:
      - { id: software, when: { industry: software }, points: 30 }
tiers:
  - { id: tier1, when: { fit: { gte: 30 } } }
segments:
  - { id: software, when: { industry: software }, activate: [a-mirror, b-keep, c-clear] }
  - { id: other, activate: [a-mirror] }
activations:
  a-mirror: { destination: m, audience: Everyone, set: { segment: "{{ segment.id }}", fit: "{{ score.fit }}"${extra} } }
  b-keep: { destination: u, set: { tier: "{{ tier.id }}" } }
  c-clear: { destination: c, set: { segment: "{{ segment.id }}" } }
destinations:
  m: { type: file, path: m.csv, mode: mirror }
  u: { type: file, path: u.csv }
  c: { type: file, path: c.csv, on_exit: clear }
`,
  };
  const reader: FileReader = { read: (path) => files[path], resolve: (_from, relative) => relative };
  const compiled = compileProject("segments.yaml", reader);
  if (!compiled.plan) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.plan;
}
