/**
 * Credential-shaped text: what a literal secret pasted into a definitions file looks like. Definitions are
 * committed, reviewed in pull requests and printed in CI logs, so secrets only ever appear as `${env:NAME}`.
 */

const ENV_REF = /\$\{env:([^}]*)\}/g;

/** Vendor prefixes of API keys and tokens (Stripe, Slack, GitHub, Standard Webhooks, AWS, Google, GitLab, npm, HubSpot, Shopify, SendGrid). */
const KNOWN_PREFIXES: readonly [RegExp, string][] = [
  [/\b(sk|rk)_(live|test)_[A-Za-z0-9]{8,}/, "a Stripe secret key"],
  [/\bxox[abposr]-[A-Za-z0-9-]{8,}/, "a Slack token"],
  [/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/, "a GitHub token"],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, "a GitHub token"],
  [/\bwhsec_[A-Za-z0-9+/=]{8,}/, "a webhook signing secret"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key"],
  [/\bAIza[0-9A-Za-z_-]{30,}/, "a Google API key"],
  [/\bglpat-[A-Za-z0-9_-]{16,}/, "a GitLab token"],
  [/\bnpm_[A-Za-z0-9]{30,}/, "an npm token"],
  [/\bpat-(na|eu|ap)\d-[A-Za-z0-9-]{16,}/, "a HubSpot private-app token"],
  [/\bshp(at|ss|ca|pa)_[A-Za-z0-9]{16,}/, "a Shopify token"],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, "a SendGrid key"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i, "a bearer token"],
];
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/?#@\s:]*:[^/?#@\s]+@/i;
const URL_SECRET_PARAMETER =
  /[?&;](password|passwd|pwd|pass|token|access_token|api[_-]?key|apikey|secret|client_secret|sig|signature)=([^&#\s]+)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A run of characters a key or token is made of. */
const TOKEN_RUN = /[A-Za-z0-9+/_=.-]{24,}/g;

/** Why `text` looks like a literal credential, or undefined. `${env:NAME}` references are not literals. */
export function credentialShape(text: string): string | undefined {
  const literal = text.replace(ENV_REF, " ");
  for (const [pattern, what] of KNOWN_PREFIXES) if (pattern.test(literal)) return what;
  if (JWT.test(literal)) return "a JSON Web Token";
  if (URL_PASSWORD.test(literal)) return "a URL with a password";
  const parameter = URL_SECRET_PARAMETER.exec(literal);
  if (parameter) return `a URL with a ${parameter[1]!.toLowerCase()} parameter`;
  for (const run of literal.match(TOKEN_RUN) ?? []) {
    if (looksRandom(run)) return "a long random-looking string (a key or token)";
  }
  return undefined;
}

/** Why an environment variable's *name* is a credential pasted in the wrong place (`${env:ghp_...}`), or undefined. */
export function credentialInEnvName(text: string): string | undefined {
  for (const match of text.matchAll(ENV_REF)) {
    const name = match[1]!;
    const shape = credentialShape(name);
    if (shape) return shape;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return "not a variable name";
  }
  return undefined;
}

/**
 * High-entropy text of key length: mixed letters and digits, no long words, Shannon entropy >= 3.5 bits per
 * character. Paths, hostnames and identifiers with dots or words (`my-company.my.salesforce.com`) are not.
 */
function looksRandom(run: string): boolean {
  for (const piece of run.split(/[./]/)) {
    if (piece.length < 24 || UUID.test(piece)) continue;
    const hasDigit = /[0-9]/.test(piece);
    const hasLetter = /[A-Za-z]/.test(piece);
    if (!hasDigit || !hasLetter) continue;
    // Identifiers made of words (`campaign_2024_enterprise_fintech_q3`) are not keys.
    const words = piece.split(/[_-]/).filter((word) => /^[A-Za-z]{3,}$/.test(word));
    if (words.join("").length >= piece.length / 2) continue;
    if (entropy(piece) >= 3.5) return true;
  }
  return false;
}

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
