/**
 * Hand-built diff reports for the renderer tests: no change, a typical pull request (a threshold change that moves
 * accounts between tiers and segments, activation impact, quality bars before and after), and a huge one whose
 * thousands of transitions cannot fit in one GitHub comment. All are plain data with no randomness.
 */
import type { BarResult } from "@segform/testing";
import type { DiffReport, GroupChange, Transition } from "../src/model.js";

const BASE_HASH = "sha256:3f1c2a9be07d44e1a9c5f0b6d2e8a7c4b1d09e6f5a3c2b1d0e9f8a7b6c5d4e3f";
const HEAD_HASH = "sha256:9a8b7c6d5e4f30211f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f9";

function group(id: string, before: number, after: number, entered: number, left: number): GroupChange {
  return { id, before, after, entered, left };
}

function bar(
  name: string,
  passed: boolean,
  message: string,
  severity: BarResult["severity"] = "error",
  details: BarResult["details"] = [],
): BarResult {
  return { bar: name, severity, passed, message, details };
}

const steadyBars: BarResult[] = [
  bar("segment_size", true, "5 of 5 segments have at least 50 accounts"),
  bar("segment_count", true, "5 segments (min 4, max 7)"),
];

export function noChangeReport(): DiffReport {
  return {
    base: "origin/main",
    project: "segments.yaml",
    baseHash: BASE_HASH,
    headHash: BASE_HASH,
    unchanged: true,
    definitions: [],
    membership: {
      data: "data/accounts.csv",
      accounts: 1200,
      changed: 0,
      segments: [
        group("saas", 310, 310, 0, 0),
        group("payments", 150, 150, 0, 0),
        group("other", 540, 540, 0, 0),
        group("(outside ICP)", 200, 200, 0, 0),
      ],
      tiers: [
        group("tier1", 271, 271, 0, 0),
        group("tier2", 400, 400, 0, 0),
        group("tier3", 329, 329, 0, 0),
        group("(no tier)", 200, 200, 0, 0),
      ],
      transitions: [],
    },
    quality: { before: steadyBars, after: steadyBars },
  };
}

export function typicalReport(): DiffReport {
  return {
    base: "origin/main",
    project: "segments.yaml",
    baseHash: BASE_HASH,
    headHash: HEAD_HASH,
    unchanged: false,
    definitions: [
      {
        subject: "tier",
        id: "tier1",
        kind: "changed",
        summary: "tier tier1: fit threshold 70 -> 65",
        details: ["when: fit >= 70 and intent >= 60 -> fit >= 65 and intent >= 60"],
      },
      {
        subject: "criterion",
        id: "fit.mid_market",
        kind: "changed",
        summary: "score fit: criterion mid_market points 40 -> 30",
        details: ["points 40 -> 30"],
      },
      {
        subject: "segment",
        id: "fintech-security",
        kind: "added",
        summary: "segment fintech-security added at position 1",
        details: ['when: industry in ["fintech"] and tech contains "okta"', "activate: crm-segment, li_fintech"],
      },
      {
        subject: "segment",
        id: "saas",
        kind: "moved",
        summary: "segment saas moved from position 1 to 2",
        details: [],
      },
      {
        subject: "activation",
        id: "li_fintech",
        kind: "added",
        summary: 'activation li_fintech added: LinkedIn audience "Fintech | Security <beta> `v2`" for @revops-team',
        details: ["destination: linkedin"],
      },
      {
        subject: "segment",
        id: "other_smb",
        kind: "renamed",
        summary: "segment other_smb renamed from other-smb",
        details: [],
      },
    ],
    membership: {
      data: "data/accounts.csv",
      accounts: 1200,
      changed: 53,
      segments: [
        group("fintech-security", 0, 41, 41, 0),
        group("saas", 310, 290, 0, 20),
        group("payments", 150, 150, 0, 0),
        group("other_smb", 540, 519, 0, 21),
        group("(outside ICP)", 200, 200, 0, 0),
      ],
      tiers: [
        group("tier1", 271, 300, 41, 12),
        group("tier2", 400, 382, 12, 30),
        group("tier3", 329, 318, 0, 11),
        group("(no tier)", 200, 200, 0, 0),
      ],
      transitions: [
        {
          dimension: "tier",
          from: "tier2",
          to: "tier1",
          count: 30,
          examples: [
            { account: "acme-corp", reason: "fit >= 65 was false, now true (fit 65)" },
            { account: "globex_inc", reason: "fit >= 65 was false, now true (fit 68)" },
          ],
        },
        {
          dimension: "segment",
          from: "other_smb",
          to: "fintech-security",
          count: 21,
          examples: [{ account: "initech", reason: 'tech contains "okta" was false, now true (tech ["okta"|"aws"])' }],
        },
        {
          dimension: "segment",
          from: "saas",
          to: "fintech-security",
          count: 20,
          examples: [
            {
              account: "umbrella-<eu>",
              reason: "segment fintech-security (position 1) now matches before saas (position 2)",
            },
          ],
        },
        {
          dimension: "tier",
          from: "tier1",
          to: "tier2",
          count: 12,
          examples: [
            {
              account: "hooli",
              reason: "fit >= 65 was true, now false (fit 60: `mid_market` 40 -> 30 points); owner @sales-team",
            },
          ],
        },
        {
          dimension: "tier",
          from: "tier3",
          to: "tier1",
          count: 11,
          examples: [{ account: "stark_ind", reason: "fit >= 65 was false, now true (fit 66 * 1.0)" }],
        },
      ],
    },
    activations: [
      { activation: "crm-segment", destination: "salesforce", added: 41, updated: 41, removed: 0, unchanged: 959 },
      { activation: "li_fintech", destination: "linkedin", added: 41, updated: 0, removed: 0, unchanged: 0 },
      { activation: "route-tier1", destination: "salesforce", added: 41, updated: 0, removed: 12, unchanged: 259 },
    ],
    quality: {
      before: [
        ...steadyBars,
        bar("separation.win_rate", false, "1 of 3 segment pairs not separated at 95% confidence", "warn", [
          {
            subject: "saas vs payments",
            passed: false,
            message: "win rate 0.21 vs 0.19, p = 0.41",
            figures: { p: 0.41 },
          },
        ]),
        bar("stability", true, "churn 4.2% (max 20%)", "warn"),
      ],
      after: [
        bar("segment_size", false, "1 of 5 segments below 50 accounts", "error", [
          {
            subject: "fintech-security",
            passed: false,
            message: "41 accounts (min 50)",
            figures: { accounts: 41, min: 50 },
          },
          { subject: "saas", passed: true, message: "290 accounts", figures: { accounts: 290, min: 50 } },
        ]),
        bar("segment_count", true, "5 segments (min 4, max 7)"),
        bar("separation.win_rate", true, "all 6 segment pairs separated at 95% confidence", "warn"),
      ],
    },
  };
}

/**
 * 70 segments and 10 tiers with every pair of them non-empty: 4,830 + 90 transitions, three examples each, and
 * reasons with multi-byte text, far past a comment's 65,536 characters.
 */
export function hugeReport(): DiffReport {
  const segments = Array.from(
    { length: 70 },
    (_, index) => `seg-${String(index).padStart(2, "0")}_${index % 3 === 0 ? "emea" : "na"}`,
  );
  const tiers = Array.from({ length: 10 }, (_, index) => `tier${index + 1}`);
  const transitions: Transition[] = [];
  const pairs = (dimension: Transition["dimension"], ids: string[]) => {
    for (const [fromIndex, from] of ids.entries()) {
      for (const [toIndex, to] of ids.entries()) {
        if (from === to) continue;
        const count = ((fromIndex * 7919 + toIndex * 104_729) % 997) + 1;
        transitions.push({
          dimension,
          from,
          to,
          count,
          examples: [0, 1, 2].map((n) => ({
            account: `acct-${String(fromIndex * 1000 + toIndex * 10 + n).padStart(6, "0")}`,
            reason: `${dimension} ${to} matched first: fit ${60 + n} ≥ ${55 + n}, intent ${40 + (toIndex % 50)} — région «${from}» ✓`,
          })),
        });
      }
    }
  };
  pairs("segment", segments);
  pairs("tier", tiers);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  transitions.sort(
    (a, b) => b.count - a.count || byText(a.dimension, b.dimension) || byText(a.from, b.from) || byText(a.to, b.to),
  );
  const groups = (ids: string[]) =>
    ids.map((id, index) =>
      group(id, 1000 + index, 1000 + ((index * 37) % 200), 100 + index, 100 + ((index * 13) % 50)),
    );
  return {
    base: "origin/main",
    project: "segments.yaml",
    baseHash: BASE_HASH,
    headHash: HEAD_HASH,
    unchanged: false,
    definitions: segments.map((id, index) => ({
      subject: "segment",
      id,
      kind: "changed" as const,
      summary: `segment ${id}: intent threshold ${40 + (index % 20)} -> ${45 + (index % 20)}`,
      details: [`when: intent >= ${40 + (index % 20)} -> intent >= ${45 + (index % 20)}`],
    })),
    membership: {
      data: "data/accounts.parquet",
      accounts: 250_000,
      changed: 48_213,
      segments: groups(segments),
      tiers: groups(tiers),
      transitions,
    },
    activations: [
      {
        activation: "crm-segment",
        destination: "salesforce",
        added: 12_000,
        updated: 30_000,
        removed: 6_213,
        unchanged: 201_787,
      },
    ],
    quality: { before: steadyBars, after: steadyBars },
  };
}
