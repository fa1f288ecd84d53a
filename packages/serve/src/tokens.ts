import { ServeError } from "./errors.js";

/** Tokens shorter than this are refused: a guessable token is no protection. */
const MIN_TOKEN_LENGTH = 16;

/**
 * The bearer tokens in SEGFORM_SERVE_TOKENS: comma-separated, several at once so a new one can be rolled out
 * before the old one is removed. Never echoed in an error.
 */
export function parseTokens(value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  const tokens = value.split(",").map((token) => token.trim());
  tokens.forEach((token, index) => {
    if (token === "")
      throw new ServeError(
        "SEG505",
        `SEGFORM_SERVE_TOKENS: token ${index + 1} is empty`,
        "separate tokens with single commas, e.g. SEGFORM_SERVE_TOKENS=new-token,old-token",
      );
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new ServeError(
        "SEG505",
        `SEGFORM_SERVE_TOKENS: token ${index + 1} is shorter than ${MIN_TOKEN_LENGTH} characters or holds a space`,
        "use long random tokens, e.g. openssl rand -hex 32",
      );
    }
  });
  return tokens;
}
