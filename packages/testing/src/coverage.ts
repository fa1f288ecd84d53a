import { canonicalJson, exprText, type Expr, type Plan } from "@segform/plan";
import { traceExpr, type Env, type Trace } from "@segform/engine";
import type { CoverageItem, CoverageReport } from "./report.js";

interface ClauseSlot {
  owner: string;
  clause: string;
  seenTrue: boolean;
  seenFalse: boolean;
}

/** One condition site of the plan: who owns it and when it is evaluated. */
interface Site {
  owner: string;
  expr: Expr;
  /** Evaluated for every account, only ICP accounts, or per contact. */
  scope: "all" | "icp" | "contact";
  slots: ClauseSlot[];
}

/**
 * Clause-level fixture coverage: for every leaf test and every all/any in the plan, whether some fixture made
 * it true and some made it false; for every tier and segment (and the fallback), whether some fixture landed
 * there. Clauses are evaluated with the engine's interpreter, the same one `explain` uses.
 */
export class CoverageCollector {
  private readonly sites: Site[] = [];
  private readonly landed = new Map<string, boolean>();

  constructor(readonly plan: Plan) {
    this.addSite("icp", plan.icp, "all");
    for (const score of plan.scores) {
      if (score.kind === "criteria")
        for (const criterion of score.criteria) this.addSite(`score ${score.name}`, criterion.when, "all");
    }
    for (const tier of plan.tiers) this.addSite(`tier ${tier.id}`, tier.when, "icp");
    // Segments scoped to every account, and audiences (every account), reach accounts outside the ICP.
    const segmentScope = plan.segmentScope === "all" ? "all" : "icp";
    for (const segment of plan.segments) this.addSite(`segment ${segment.id}`, segment.when, segmentScope);
    for (const audience of plan.audiences ?? []) this.addSite(`audience ${audience.id}`, audience.when, "all");
    const activationScope = plan.segmentScope === "all" || plan.audiences ? "all" : "icp";
    for (const activation of plan.activations)
      if (activation.when) this.addSite(`activation ${activation.name}`, activation.when, activationScope);
    for (const role of plan.contacts?.roles ?? []) this.addSite(`role ${role.id}`, role.when, "contact");
    // A shared define is one site of its own, evaluated for every account (its uses are leaves without clauses).
    for (const define of plan.defines ?? []) this.addSite(`define ${define.name}`, define.when, "all");
    for (const tier of plan.tiers) this.landed.set(`tier ${tier.id}`, false);
    for (const segment of plan.segments) this.landed.set(`segment ${segment.id}`, false);
    this.landed.set(`segment ${plan.fallback.id}`, false);
    for (const audience of plan.audiences ?? []) this.landed.set(`audience ${audience.id}`, false);
  }

  private addSite(owner: string, expr: Expr, scope: Site["scope"]): void {
    const slots: ClauseSlot[] = [];
    const visit = (node: Expr) => {
      switch (node.op) {
        case "test":
        case "contacts": // a leaf: its `where` is over contacts, not the account
          slots.push({ owner, clause: exprText(node), seenTrue: false, seenFalse: false });
          break;
        case "and":
        case "or":
          slots.push({ owner, clause: exprText(node), seenTrue: false, seenFalse: false });
          node.args.forEach(visit);
          break;
        case "not":
        case "named":
          visit(node.arg);
          break;
        case "const":
        case "define":
          break;
      }
    };
    visit(expr);
    this.sites.push({ owner, expr, scope, slots });
  }

  /** Records one evaluated account: its env (values, scores, final tier) and its labels. */
  recordAccount(
    env: Env,
    icp: boolean,
    tier: string | null,
    segment: string | null,
    audiences: readonly string[] = [],
  ): void {
    for (const site of this.sites) {
      if (site.scope === "contact" || (site.scope === "icp" && !icp)) continue;
      const siteEnv = site.owner.startsWith("tier ") ? { ...env, tier: null } : env;
      this.mark(site, traceExpr(site.expr, siteEnv));
    }
    if (tier !== null) this.landed.set(`tier ${tier}`, true);
    if (segment !== null) this.landed.set(`segment ${segment}`, true);
    for (const audience of audiences) this.landed.set(`audience ${audience}`, true);
  }

  /** Records one evaluated contact (role conditions). */
  recordContact(env: Env): void {
    for (const site of this.sites) if (site.scope === "contact") this.mark(site, traceExpr(site.expr, env));
  }

  private mark(site: Site, trace: Trace): void {
    let index = 0;
    const walk = (node: Expr, t: Trace) => {
      switch (node.op) {
        case "test":
        case "contacts":
        case "and":
        case "or": {
          const slot = site.slots[index++]!;
          if (t.result) slot.seenTrue = true;
          else slot.seenFalse = true;
          if (node.op === "and" || node.op === "or") node.args.forEach((arg, i) => walk(arg, t.children![i]!));
          break;
        }
        case "not":
        case "named":
          walk(node.arg, t.children![0]!);
          break;
        case "const":
        case "define":
          break;
      }
    };
    walk(site.expr, trace);
  }

  /**
   * The report. `gatedOwners` limits the gate to some definitions (from --changed-since); `min` is the gate.
   */
  report(options: { min?: number; gatedOwners?: Set<string>; changedSince?: string } = {}): CoverageReport {
    const items: CoverageItem[] = [];
    const gated = (owner: string) => !options.gatedOwners || options.gatedOwners.has(owner);
    for (const site of this.sites) {
      for (const slot of site.slots)
        items.push({
          owner: slot.owner,
          clause: slot.clause,
          kind: "clause",
          seenTrue: slot.seenTrue,
          seenFalse: slot.seenFalse,
          gated: gated(slot.owner),
        });
    }
    for (const [owner, landed] of this.landed)
      items.push({ owner, clause: "lands", kind: "target", seenTrue: landed, seenFalse: landed, gated: gated(owner) });
    const score = (list: CoverageItem[]) => {
      let covered = 0;
      let total = 0;
      for (const item of list) {
        if (item.kind === "target") {
          total += 1;
          covered += item.seenTrue ? 1 : 0;
        } else {
          total += 2;
          covered += (item.seenTrue ? 1 : 0) + (item.seenFalse ? 1 : 0);
        }
      }
      return { covered, total, ratio: total === 0 ? 1 : covered / total };
    };
    const all = score(items);
    const gatedScore = score(items.filter((item) => item.gated));
    const report: CoverageReport = {
      ratio: round(all.ratio),
      covered: all.covered,
      total: all.total,
      passed: options.min === undefined || gatedScore.ratio + 1e-12 >= options.min,
      items,
    };
    if (options.min !== undefined) report.min = options.min;
    if (options.changedSince !== undefined) {
      report.changedSince = options.changedSince;
      report.gatedRatio = round(gatedScore.ratio);
    }
    return report;
  }
}

function round(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

/**
 * Owners (`tier tier1`, `segment x`, `score fit`, `icp`, `activation a`, `role r`) whose compiled definition
 * differs between two plans, or that are new. Used by `--changed-since` to gate coverage on what changed.
 */
export function changedOwners(base: Plan | undefined, current: Plan): Set<string> {
  const owners = (plan: Plan) => {
    const map = new Map<string, string>();
    map.set("icp", canonicalJson(plan.icp));
    for (const score of plan.scores) map.set(`score ${score.name}`, canonicalJson(score));
    for (const tier of plan.tiers) map.set(`tier ${tier.id}`, canonicalJson(tier));
    for (const segment of plan.segments) map.set(`segment ${segment.id}`, canonicalJson(segment));
    map.set(`segment ${plan.fallback.id}`, canonicalJson(plan.fallback));
    for (const activation of plan.activations) map.set(`activation ${activation.name}`, canonicalJson(activation));
    for (const audience of plan.audiences ?? []) map.set(`audience ${audience.id}`, canonicalJson(audience));
    // A change of scope changes what every segment labels.
    if (plan.segmentScope)
      for (const segment of plan.segments)
        map.set(`segment ${segment.id}`, canonicalJson({ segment, scope: plan.segmentScope }));
    for (const role of plan.contacts?.roles ?? []) map.set(`role ${role.id}`, canonicalJson(role));
    return map;
  };
  const now = owners(current);
  if (!base) return new Set(now.keys());
  const before = owners(base);
  const changed = new Set<string>();
  for (const [owner, json] of now) if (before.get(owner) !== json) changed.add(owner);
  return changed;
}
