/**
 * segform serve's error codes (SEG500-SEG529). Load errors (500-509) are located in a file; request errors
 * (510-519) are the `code` of a native API error body.
 */
export const SERVE_CODES = {
  /** A membership file that cannot be read, or is not a membership of this plan. */
  membershipUnreadable: "SEG500",
  /** A membership row that cannot be read. */
  membershipRow: "SEG501",
  /** A snapshot written by another plan (a warning). */
  membershipOtherPlan: "SEG502",
  /** The server cannot listen (address in use, not allowed). */
  listen: "SEG503",
  /** A bad --host, --port or limit value. */
  badOption: "SEG504",
  /** SEGFORM_SERVE_TOKENS is malformed (an empty or too short token). */
  badTokens: "SEG505",
  /** Listening beyond loopback without tokens. */
  unauthenticatedExposure: "SEG506",
  /** A reload that failed: the old plan keeps serving. */
  reloadFailed: "SEG507",
  /** No account with this key in the loaded membership. */
  accountNotFound: "SEG510",
  /** A request body that does not have the expected shape. */
  badRequest: "SEG511",
  /** Missing or unknown bearer token. */
  unauthorized: "SEG512",
  /** Over the per-token rate limit. */
  rateLimited: "SEG513",
  /** A request body over the size limit. */
  bodyTooLarge: "SEG514",
  /** A request body that is not JSON. */
  malformedJson: "SEG515",
  /** An unknown route. */
  notFound: "SEG516",
  /** `?explain=1` on a server that loaded a membership: the attributes an explanation needs are not loaded. */
  explainNeedsData: "SEG517",
  /** `?explain=1` that must read the data file in full while another such explanation runs (503, Retry-After). */
  explainBusy: "SEG520",
  /** `--state`: no deploy state for the destination, or the state cannot be read. */
  deployStateUnreadable: "SEG521",
  /** An internal error while answering (a bug). */
  internal: "SEG519",
} as const;

/** A load-time error located in a file: printed as `file:line: error SEGnnn: message` with a hint. */
export class ServeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }

  /** One line, located. */
  text(): string {
    const where = this.file ? `${this.file}${this.line !== undefined ? `:${this.line}` : ""}: ` : "";
    return `${where}error ${this.code}: ${this.message}`;
  }
}
