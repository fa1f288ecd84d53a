import { formatScore } from "@segform/data";
import { evaluateAdHoc, matchedClauses, ruleText, type AdHocResult } from "./evaluate.js";
import type { Label, ServeState } from "./state.js";

/**
 * OpenFeature Remote Evaluation Protocol (OFREP), the evaluation half: flag keys over one account's labels.
 * Shapes follow the OFREP OpenAPI document (service/openapi.yaml of open-feature/protocol): a success carries
 * `key`, `value`, `reason`, `variant`, `metadata` (primitive values only); a failure carries `key`, `errorCode`,
 * `errorDetails`.
 */

export type OfrepErrorCode = "PARSE_ERROR" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "GENERAL" | "FLAG_NOT_FOUND";
export type OfrepMetadata = Record<string, string | number | boolean>;

export interface OfrepSuccess {
  key: string;
  value: string | number | boolean | Record<string, unknown>;
  reason: "TARGETING_MATCH" | "DEFAULT";
  variant?: string;
  metadata: OfrepMetadata;
}

export interface OfrepFailure {
  key: string;
  errorCode: OfrepErrorCode;
  errorDetails: string;
}

const flagKeysOf = new WeakMap<ServeState, string[]>();

/**
 * The flag keys a plan answers, in a fixed order: segment, tier, icp, each score, activations, audiences, roles.
 * `audiences` is the account's audiences when the project declares `audiences:`, else the destination audiences of its
 * activations (`audience:`).
 */
export function flagKeys(state: ServeState): string[] {
  let keys = flagKeysOf.get(state);
  if (!keys) flagKeysOf.set(state, (keys = computeFlagKeys(state)));
  return keys;
}

function computeFlagKeys(state: ServeState): string[] {
  const { plan } = state;
  const keys = ["segment", "tier", "icp"];
  for (const score of plan.scores) if (!keys.includes(score.name)) keys.push(score.name);
  for (const extra of [
    "activations",
    ...(plan.audiences || plan.activations.some((a) => a.audience !== null) ? ["audiences"] : []),
    ...(plan.contacts ? ["roles"] : []),
  ]) {
    if (!keys.includes(extra)) keys.push(extra);
  }
  return keys;
}

/** One account's labels, from the loaded membership or evaluated from the context's attributes. */
export interface Subject {
  label: Label;
  adHoc?: AdHocResult;
}

/** A context problem that fails every flag alike. */
export class ContextError {
  constructor(
    readonly errorCode: OfrepErrorCode,
    readonly errorDetails: string,
  ) {}
}

/**
 * The account a context names: `targetingKey` is the account key; any other attribute makes it an ad-hoc
 * evaluation of those attributes (by field name or source column), otherwise the loaded label is used.
 */
export function subjectOf(state: ServeState, context: unknown): Subject {
  if (context === undefined || context === null || typeof context !== "object" || Array.isArray(context)) {
    throw new ContextError("INVALID_CONTEXT", "the request needs a `context` object");
  }
  const { targetingKey, ...attributes } = context as Record<string, unknown>;
  if (targetingKey === undefined || targetingKey === null || targetingKey === "")
    throw new ContextError("TARGETING_KEY_MISSING", "the context needs a `targetingKey`: the account key");
  if (typeof targetingKey !== "string")
    throw new ContextError("INVALID_CONTEXT", "`targetingKey` must be a string (the account key)");
  if (Object.keys(attributes).length > 0) {
    const adHoc = evaluateAdHoc(state, attributes, targetingKey);
    return { label: adHoc.label, adHoc };
  }
  const label = state.labels.get(targetingKey);
  if (!label) {
    throw new ContextError(
      "INVALID_CONTEXT",
      `account ${JSON.stringify(targetingKey)} is not in the loaded membership; send its attributes in the context to evaluate it`,
    );
  }
  return { label };
}

/** Evaluates one flag for a subject. */
export function evaluateFlag(state: ServeState, flag: string, subject: Subject): OfrepSuccess | OfrepFailure {
  const { plan } = state;
  const { label, adHoc } = subject;
  const metadata: OfrepMetadata = { planHash: plan.hash, source: adHoc ? "evaluated" : "membership" };
  switch (flag) {
    case "segment": {
      if (label.segment === null)
        return { key: flag, value: "", variant: "none", reason: "DEFAULT", metadata: { ...metadata, icp: label.icp } };
      const fallback = label.segment === plan.fallback.id && !plan.segments.some((s) => s.id === label.segment);
      if (fallback)
        return {
          key: flag,
          value: label.segment,
          variant: label.segment,
          reason: "DEFAULT",
          metadata: { ...metadata, fallback: true },
        };
      return {
        key: flag,
        value: label.segment,
        variant: label.segment,
        reason: "TARGETING_MATCH",
        metadata: withClauses(metadata, state, "segment", label.segment, adHoc),
      };
    }
    case "tier": {
      const capacity = adHoc?.capacity.map((decision) => decision.reason).join("; ");
      const extra: OfrepMetadata = capacity ? { capacity } : {};
      if (label.tier === null)
        return {
          key: flag,
          value: "",
          variant: "none",
          reason: "DEFAULT",
          metadata: { ...metadata, icp: label.icp, ...extra },
        };
      return {
        key: flag,
        value: label.tier,
        variant: label.tier,
        reason: "TARGETING_MATCH",
        metadata: { ...withClauses(metadata, state, "tier", label.tier, adHoc), ...extra },
      };
    }
    case "icp":
      return {
        key: flag,
        value: label.icp,
        variant: label.icp ? "in" : "out",
        reason: "TARGETING_MATCH",
        metadata: adHoc ? { ...metadata, matched: matchedClauses(adHoc.explanation.icp.trace).join("; ") } : metadata,
      };
    case "activations":
    case "audiences": {
      if (flag === "audiences" && plan.audiences) {
        // The project's audiences: { id: true } for each audience the account is in, in plan order.
        if (label.audiences === undefined)
          return {
            key: flag,
            errorCode: "GENERAL",
            errorDetails: "the loaded membership does not carry audiences (run segform run with these definitions)",
          };
        const value: Record<string, boolean> = {};
        for (const id of label.audiences) value[id] = true;
        return { key: flag, value, reason: label.audiences.length ? "TARGETING_MATCH" : "DEFAULT", metadata };
      }
      // Without declared audiences: the destination audiences of the account's activations.
      if (label.activations === null)
        return {
          key: flag,
          errorCode: "GENERAL",
          errorDetails: "the loaded membership (a snapshot) does not carry activations",
        };
      const value: Record<string, string> = {};
      for (const name of label.activations) {
        const activation = plan.activations.find((a) => a.name === name);
        if (!activation) continue;
        if (flag === "activations") value[name] = activation.destination;
        else if (activation.audience !== null) value[name] = activation.audience;
      }
      return { key: flag, value, reason: label.activations.length ? "TARGETING_MATCH" : "DEFAULT", metadata };
    }
    case "roles": {
      if (!label.roles)
        return {
          key: flag,
          value: {},
          reason: "DEFAULT",
          metadata: {
            ...metadata,
            note: adHoc
              ? "roles come from the loaded contacts; an evaluated account has none"
              : "no contacts were loaded",
          },
        };
      return {
        key: flag,
        value: label.roles,
        reason: Object.keys(label.roles).length ? "TARGETING_MATCH" : "DEFAULT",
        metadata,
      };
    }
  }
  const scoreIndex = plan.scores.findIndex((score) => score.name === flag);
  if (scoreIndex < 0)
    return {
      key: flag,
      errorCode: "FLAG_NOT_FOUND",
      errorDetails: `flag ${JSON.stringify(flag)} was not found; flags are ${flagKeys(state).join(", ")}`,
    };
  if (!label.scores)
    return {
      key: flag,
      errorCode: "GENERAL",
      errorDetails: "the loaded membership (a snapshot) does not carry scores",
    };
  const explained = adHoc?.explanation.scores[scoreIndex]?.criteria;
  const scoreMetadata = explained
    ? {
        ...metadata,
        matched: explained
          .filter((c) => c.matched)
          .map((c) => `${c.id} +${c.points}`)
          .join("; "),
      }
    : metadata;
  return {
    key: flag,
    value: formatScore(label.scores[scoreIndex]!),
    reason: "TARGETING_MATCH",
    metadata: scoreMetadata,
  };
}

function withClauses(
  metadata: OfrepMetadata,
  state: ServeState,
  kind: "tier" | "segment",
  id: string,
  adHoc: AdHocResult | undefined,
): OfrepMetadata {
  if (adHoc) {
    const traced =
      kind === "tier"
        ? adHoc.explanation.tiers.find((t) => t.id === id)?.trace
        : adHoc.explanation.segments.find((s) => s.id === id)?.trace;
    return traced ? { ...metadata, matched: matchedClauses(traced).join("; ") } : metadata;
  }
  const rule = ruleText(state, kind, id);
  return rule ? { ...metadata, rule } : metadata;
}

/** The HTTP status of a single evaluation's failure: 404 for an unknown flag, else 400. */
export function failureStatus(failure: OfrepFailure): number {
  return failure.errorCode === "FLAG_NOT_FOUND" ? 404 : 400;
}

export function isFailure(result: OfrepSuccess | OfrepFailure): result is OfrepFailure {
  return (result as OfrepFailure).errorCode !== undefined;
}
