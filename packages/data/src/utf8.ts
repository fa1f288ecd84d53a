import { createReadStream, readFileSync } from "node:fs";
import { DataError } from "./sources.js";

/**
 * Data files are UTF-8. A byte sequence that is not UTF-8 is an input error (SEG105) at its line, for every engine
 * (DuckDB refuses such files too; reading U+FFFD in its place would change keys and values in silence). A UTF-16
 * file (a byte-order mark FF FE or FE FF) gets a hint about the encoding.
 */

const HINT = "save the file as UTF-8 (Excel: Save As > CSV UTF-8), or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8";
const UTF16_HINT = "save the file as UTF-8 (Excel: Save As > CSV UTF-8), or convert it: iconv -f UTF-16 -t UTF-8";

/** The file's text, chunk by chunk (strings), refusing bytes that are not UTF-8. */
export async function* utf8Chunks(path: string, chunkBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      refuseUtf16(chunk, path);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw await invalidUtf8(path);
    }
    if (text) yield text;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw await invalidUtf8(path);
  }
  if (tail) yield tail;
}

/** A whole (small) file's text, refusing bytes that are not UTF-8. */
export function utf8File(path: string): string {
  const bytes = readFileSync(path);
  refuseUtf16(bytes, path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const scanner = new Utf8Scanner();
    throw notUtf8(path, scanner.scan(bytes) ?? scanner.end() ?? { byte: -1, line: scanner.line });
  }
}

function refuseUtf16(start: Buffer, path: string): void {
  if (start.length >= 2 && ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff))) {
    const order = start[0] === 0xff ? "little-endian" : "big-endian";
    throw new DataError("SEG105", `the file is UTF-16 (${order} byte-order mark), not UTF-8`, path, 1, UTF16_HINT);
  }
}

/** Where the first invalid sequence is: reads the file again (only on this error path). */
async function invalidUtf8(path: string): Promise<DataError> {
  const scanner = new Utf8Scanner();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const found = scanner.scan(chunk);
    if (found) return notUtf8(path, found);
  }
  return notUtf8(path, scanner.end() ?? { byte: -1, line: scanner.line });
}

function notUtf8(path: string, found: { byte: number; line: number }): DataError {
  const what =
    found.byte < 0
      ? "the file ends inside a character"
      : `byte 0x${found.byte.toString(16).toUpperCase().padStart(2, "0")} is not part of a UTF-8 character`;
  return new DataError("SEG105", `not UTF-8: ${what}`, path, found.line, HINT);
}

/** A streaming UTF-8 validator: the first byte that does not start or continue a valid sequence, and its line. */
class Utf8Scanner {
  line = 1;
  /** Continuation bytes still expected, the code point so far, the smallest code point for the sequence's length. */
  private need = 0;
  private code = 0;
  private min = 0;
  private lead = 0;

  scan(bytes: Uint8Array): { byte: number; line: number } | undefined {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.need > 0) {
        if ((b & 0xc0) !== 0x80) return { byte: this.lead, line: this.line };
        this.code = (this.code << 6) | (b & 0x3f);
        if (
          --this.need === 0 &&
          (this.code < this.min || this.code > 0x10ffff || (this.code >= 0xd800 && this.code <= 0xdfff))
        ) {
          return { byte: this.lead, line: this.line };
        }
        continue;
      }
      if (b < 0x80) {
        if (b === 0x0a) this.line++;
        continue;
      }
      this.lead = b;
      if (b >= 0xc2 && b <= 0xdf) [this.need, this.code, this.min] = [1, b & 0x1f, 0x80];
      else if (b >= 0xe0 && b <= 0xef) [this.need, this.code, this.min] = [2, b & 0x0f, 0x800];
      else if (b >= 0xf0 && b <= 0xf4) [this.need, this.code, this.min] = [3, b & 0x07, 0x10000];
      else return { byte: b, line: this.line };
    }
    return undefined;
  }

  /** At the end of the file: a sequence left incomplete. */
  end(): { byte: number; line: number } | undefined {
    return this.need > 0 ? { byte: -1, line: this.line } : undefined;
  }
}
