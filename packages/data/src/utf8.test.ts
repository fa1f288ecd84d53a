import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "./sources.js";
import { utf8Chunks, utf8File } from "./utf8.js";

const dir = mkdtempSync(join(tmpdir(), "segform-utf8-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function read(path: string, chunkBytes: number): Promise<string> {
  let text = "";
  for await (const chunk of utf8Chunks(path, chunkBytes)) text += chunk;
  return text;
}

async function refusal(path: string, chunkBytes: number): Promise<{ message: string; line?: number; hint?: string }> {
  try {
    await read(path, chunkBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    const { message, line, hint } = error as DataError;
    return { message, line, hint };
  }
  throw new Error("read without error");
}

const text = "Id,Name\nA1,Zürich 東京 🚀\nA2,Ærø\n";

describe("UTF-8 data files", () => {
  it("reads multi-byte characters cut by every chunk boundary, the BOM kept for the reader to drop", async () => {
    const path = file("ok.csv", Buffer.from("\uFEFF" + text));
    for (const size of [1, 2, 3, 5, 7, 64]) expect(await read(path, size)).toBe("\uFEFF" + text);
    expect(utf8File(path)).toBe("\uFEFF" + text);
  });

  it("refuses a byte that is not UTF-8 at its line, whatever the chunk size", async () => {
    const bytes = Buffer.concat([
      Buffer.from("Id,Name\nA1,ok\nA2,Caf"),
      Buffer.from([0xe9]),
      Buffer.from(" latin-1\nA3,x\n"),
    ]);
    const path = file("latin1.csv", bytes);
    const expected = {
      message: "not UTF-8: byte 0xE9 is not part of a UTF-8 character",
      line: 3,
      hint: "save the file as UTF-8 (Excel: Save As > CSV UTF-8), or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8",
    };
    for (const size of [1, 4, 1024]) expect(await refusal(path, size)).toEqual(expected);
    expect(() => utf8File(path)).toThrow("not UTF-8: byte 0xE9 is not part of a UTF-8 character");
  });

  it("refuses overlong forms, surrogates and a character cut off by the end of the file", async () => {
    expect((await refusal(file("overlong.csv", Buffer.from([0x41, 0x0a, 0xc0, 0xaf])), 64)).line).toBe(2);
    expect((await refusal(file("surrogate.csv", Buffer.from([0x0a, 0x0a, 0xed, 0xa0, 0x80])), 64)).line).toBe(3);
    expect(await refusal(file("cut.csv", Buffer.from([0x41, 0xe6, 0x9d])), 64)).toMatchObject({
      message: "not UTF-8: the file ends inside a character",
      line: 1,
    });
  });

  it("names UTF-16 by its byte-order mark", async () => {
    for (const [bom, order] of [
      [[0xff, 0xfe], "little-endian"],
      [[0xfe, 0xff], "big-endian"],
    ] as const) {
      const path = file(`utf16-${order}.csv`, Buffer.from([...bom, 0x49, 0x00]));
      expect(await refusal(path, 64)).toEqual({
        message: `the file is UTF-16 (${order} byte-order mark), not UTF-8`,
        line: 1,
        hint: "save the file as UTF-8 (Excel: Save As > CSV UTF-8), or convert it: iconv -f UTF-16 -t UTF-8",
      });
    }
  });
});
