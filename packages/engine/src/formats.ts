import type { Plan } from "@segform/plan";
import type { AccountResult } from "./engine.js";

export type OutputFormat = "csv" | "jsonl" | "json";

/** Roles of one account: role id -> contact keys. */
export type AccountRoles = Map<string, (string | number)[]> | undefined;

/** RFC 4180 quoting: quote when the value has a comma, quote, CR or LF; double inner quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Scores print as plain decimals with at most 4 places, so outputs are stable across engines. */
export function formatScore(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Turns results into text rows in one output format. The same results always give the same bytes. */
export class ResultFormatter {
  private first = true;
  private readonly roleOrder: string[];

  constructor(
    readonly plan: Plan,
    readonly format: OutputFormat,
    readonly withRoles: boolean,
  ) {
    this.roleOrder = plan.contacts?.roles.map((role) => role.id) ?? [];
  }

  begin(): string {
    if (this.format === "json") return "[";
    if (this.format === "csv") {
      const columns = [
        this.plan.key,
        "icp",
        ...this.plan.scores.map((score) => score.name),
        "tier",
        "segment",
        "activations",
      ];
      if (this.plan.audiences) columns.push("audiences");
      if (this.withRoles) columns.push("roles");
      return columns.map(csvCell).join(",") + "\n";
    }
    return "";
  }

  row(result: AccountResult, roles: AccountRoles): string {
    if (this.format === "csv") {
      // Cells in header order, each through csvCell, joined with commas (built as one string: this runs per
      // account). Scores and the ICP flag never need quoting.
      let line = result.key === null ? "" : csvCell(String(result.key));
      line += result.icp ? ",true" : ",false";
      const scores = result.scores;
      for (let i = 0; i < scores.length; i++) line += "," + String(formatScore(scores[i]!));
      line += "," + csvCell(result.tier ?? "");
      line += "," + csvCell(result.segment ?? "");
      line += "," + csvCell(result.activations.join(";"));
      if (this.plan.audiences) line += "," + csvCell((result.audiences ?? []).join(";"));
      if (this.withRoles) line += "," + csvCell(this.roleIds(roles).join(";"));
      return line + "\n";
    }
    const object = this.toObject(result, roles);
    if (this.format === "jsonl") return JSON.stringify(object) + "\n";
    const prefix = this.first ? "\n  " : ",\n  ";
    this.first = false;
    return prefix + JSON.stringify(object);
  }

  end(): string {
    if (this.format === "json") return this.first ? "]\n" : "\n]\n";
    return "";
  }

  private roleIds(roles: AccountRoles): string[] {
    return roles ? this.roleOrder.filter((role) => roles.has(role)) : [];
  }

  toObject(result: AccountResult, roles: AccountRoles): Record<string, unknown> {
    const scores: Record<string, number> = {};
    this.plan.scores.forEach((score, index) => (scores[score.name] = formatScore(result.scores[index]!)));
    const object: Record<string, unknown> = {
      account: result.key,
      icp: result.icp,
      scores,
      tier: result.tier,
      segment: result.segment,
      activations: result.activations,
    };
    // Only in a project with audiences: other projects' output keeps its bytes.
    if (this.plan.audiences) object.audiences = result.audiences ?? [];
    if (this.withRoles) {
      const byRole: Record<string, (string | number)[]> = {};
      for (const role of this.roleIds(roles)) byRole[role] = roles!.get(role)!;
      object.roles = byRole;
    }
    return object;
  }
}
