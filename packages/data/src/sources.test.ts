import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { csvBatches, DataError, jsonLines, MAX_RECORD_CHARS, openSource, splitCsv, type RawRecord } from "./sources.js";

const dir = mkdtempSync(join(tmpdir(), "segform-sources-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(content: string | Buffer, extension = "csv"): string {
  const path = join(dir, `f${files++}.${extension}`);
  writeFileSync(path, content);
  return path;
}

async function all<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

/** Records and the error that ended the read (if any). */
async function read(
  path: string,
  chunkBytes?: number,
  tokenizer: "fast" | "papa" = "fast",
): Promise<{ records: RawRecord[]; error?: DataError }> {
  const records: RawRecord[] = [];
  try {
    for await (const batch of csvBatches(path, ",", chunkBytes, tokenizer)) records.push(...batch);
    return { records };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { records, error };
  }
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) || cell === "" ? `"${cell.replace(/"/g, '""')}"` : cell);

describe("CSV records", () => {
  // Cells drawn from characters that matter to CSV, plus multi-byte ones (which chunk boundaries can split).
  const cell = fc.string({
    unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "\r", "é", "😀", "x"),
    maxLength: 6,
  });
  const row = fc.array(cell, { minLength: 1, maxLength: 5 });
  const doc = fc.record({
    rows: fc.array(row, { minLength: 1, maxLength: 30 }),
    newline: fc.constantFrom("\n", "\r\n", "\r"),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    blankAfter: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    quoteAll: fc.boolean(),
    chunkBytes: fc.integer({ min: 1, max: 48 }),
  });

  it("reads back every record with the line it ends on, whatever the line breaks, quoting and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(doc, async ({ rows, newline, bom, trailing, blankAfter, quoteAll, chunkBytes }) => {
        let text = "";
        let line = 1;
        const expected: RawRecord[] = [];
        rows.forEach((cells, index) => {
          // A record of one empty cell is an empty line, which readers skip: always quote it.
          const written = cells.map((c) =>
            quoteAll || (cells.length === 1 && c === "") ? `"${c.replace(/"/g, '""')}"` : quote(c),
          );
          const record = written.join(",");
          text += record;
          line += (record.match(/\r\n|\r|\n/g) ?? []).length;
          expected.push({ line, cells });
          if (index < rows.length - 1 || trailing) {
            text += newline;
            line++;
          }
          if (blankAfter[index] && index < rows.length - 1) {
            text += newline;
            line++;
          }
        });
        const path = file((bom ? "\uFEFF" : "") + text);
        const { records, error } = await read(path, chunkBytes);
        expect(error).toBeUndefined();
        expect(records).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("skips a BOM and empty lines, and takes the first line break outside quotes as the separator", async () => {
    const path = file('\uFEFFId,Name\r\n\r\n1,"two\nlines"\r\n2,b\r\n');
    expect((await read(path, 4)).records).toEqual([
      { line: 1, cells: ["Id", "Name"] },
      { line: 4, cells: ["1", "two\nlines"] },
      { line: 5, cells: ["2", "b"] },
    ]);
  });

  it("reads a file without a final line break, and an empty file", async () => {
    expect((await read(file("a,b\n1,2"))).records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
    ]);
    expect((await read(file(""))).records).toEqual([]);
  });

  it("refuses, through openSource, a ragged row at its line and a header naming a column twice", async () => {
    for (const [text, line, message] of [
      ["a,b,c\n1,2,3\n1\n", 3, "row has 1 cell, the header has 3"],
      ["a,b\n1,2\n1,2,3\n", 3, "row has 3 cells, the header has 2"],
      ["a,b\n1,2\n  \n", 3, "row has 1 cell, the header has 2"],
    ] as const) {
      const source = await openSource(file(text));
      await expect(all(source.batches)).rejects.toMatchObject({ code: "SEG105", line, message });
    }
    await expect(openSource(file("\n Id ,Name, Id\n1,2,3\n"))).rejects.toMatchObject({
      code: "SEG109",
      line: 2,
      message: 'the header names column "Id" twice (columns 1 and 3)',
    });
    // Unnamed columns are no ambiguity.
    expect((await openSource(file("Id,,\n1,,\n"))).header).toEqual(["Id", "", ""]);
  });

  it("keeps ragged rows as they are (openSource refuses them)", async () => {
    expect((await read(file("a,b,c\n1\n1,2,3,4\n"))).records.map((r) => r.cells)).toEqual([
      ["a", "b", "c"],
      ["1"],
      ["1", "2", "3", "4"],
    ]);
  });

  describe("refuses misplaced quotes as RFC 4180 does, with the line, after the records before them", () => {
    const cases: [string, string, number, string[][]][] = [
      [
        "a quote inside an unquoted field",
        'a,b\n1,2\n3,x"y\n4,5\n',
        3,
        [
          ["a", "b"],
          ["1", "2"],
        ],
      ],
      ["text after a closing quote", 'a,b\n1,"x"y\n', 2, [["a", "b"]]],
      ["spaces after a closing quote", 'a,b\n1,"x" \n', 2, [["a", "b"]]],
      [
        "a quoted field never closed",
        'a,b\n1,2\n3,"open\nstill\n',
        3,
        [
          ["a", "b"],
          ["1", "2"],
        ],
      ],
      // Reported where the quote opened (a quote left open swallows the lines up to the next quote).
      ["a bad closing quote on a later line of a multi-line field", 'a,b\n1,"x\ny"z\n', 2, [["a", "b"]]],
      ["an unterminated quote that runs into a later quoted field", 'a,b\n1,"x\n2,y\n3,"z",w\n', 2, [["a", "b"]]],
      [
        "a line break unlike the first (LF among CRLF)",
        "a,b\r\n1,2\r\n3,4\n5,6\r\n",
        3,
        [
          ["a", "b"],
          ["1", "2"],
        ],
      ],
      ["a line break unlike the first (CR among LF)", "a,b\n1,2\r3,4\n", 2, [["a", "b"]]],
    ];
    for (const [name, text, line, before] of cases) {
      it(name, async () => {
        for (const chunkBytes of [3, 1 << 16]) {
          const { records, error } = await read(file(text), chunkBytes);
          expect(error?.code).toBe("SEG105");
          expect(error?.line).toBe(line);
          expect(records.map((r) => r.cells)).toEqual(before);
        }
      });
    }
  });

  it("takes tabs in .tsv files, and the header through openSource", async () => {
    const source = await openSource(file('Id\tName\n1\t"a\tb"\n', "tsv"));
    expect(source.header).toEqual(["Id", "Name"]);
    expect(await all(source.batches)).toEqual([{ line: 2, cells: ["1", "a\tb"] }]);
    const csv = await openSource(file(" Id , Name \n1,x\n"));
    expect(csv.header).toEqual(["Id", "Name"]);
    const records: RawRecord[] = [];
    for await (const record of csv.records) records.push(record);
    expect(records).toEqual([{ line: 2, cells: ["1", "x"] }]);
    expect((await openSource(file(""))).header).toEqual([]);
  });
});

describe("the fast CSV tokenizer", () => {
  // Any text of CSV's characters: quotes well and badly placed, CR, LF, CRLF, empty lines, ragged rows, a BOM.
  const unit = fc.constantFrom("a", "b", " ", ",", '"', '""', "\n", "\r\n", "\r", "é", '"x"', '"a,b"', ",,");
  const text = fc
    .tuple(fc.boolean(), fc.array(unit, { maxLength: 60 }))
    .map(([bom, units]) => (bom ? "\ufeff" : "") + units.join(""));

  it("reads every file as Papa Parse with scanQuotes does: records, lines, errors (seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 40 }), async (content, chunkBytes) => {
        const path = file(content);
        const fast = await read(path, chunkBytes, "fast");
        const papa = await read(path, chunkBytes, "papa");
        expect(fast.records).toEqual(papa.records);
        expect(fast.error && { ...fast.error, message: fast.error.message }).toEqual(
          papa.error && { ...papa.error, message: papa.error.message },
        );
      }),
      { seed: 20261204, numRuns: 3000 },
    );
  });

  it("splits text as Papa Parse does where it takes the text (records and cursor, final or not)", () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.constantFrom("\n", "\r\n", "\r"), (content, final, newline) => {
        const split = splitCsv(content, final, ",", newline);
        if (!split) return;
        const parser = new Papa.Parser({ delimiter: ",", newline, quoteChar: '"', escapeChar: '"' });
        const parsed = parser.parse(content, 0, !final) as { data: string[][]; meta: { cursor: number } };
        expect({ rows: split.rows, cursor: split.cursor }).toEqual({ rows: parsed.data, cursor: parsed.meta.cursor });
      }),
      { seed: 20261204, numRuns: 20_000 },
    );
    // Well-formed text is the tokenizer's own (no fallback), quotes and all.
    expect(splitCsv('a,"b,c",""""\n"x\ny",2\n', true, ",", "\n")).toEqual({
      rows: [["a", "b,c", '"'], ["x\ny", "2"], [""]],
      cursor: 21,
      breaks: 1,
    });
    expect(splitCsv('a,"b', false, ",", "\n")).toEqual({ rows: [], cursor: 0, breaks: 0 });
    expect(splitCsv('a,b"c\n', true, ",", "\n")).toBeUndefined();
  });
});

describe("JSON Lines", () => {
  it("reads objects with their lines across chunks, skipping blank lines, with LF, CRLF or CR", async () => {
    for (const newline of ["\n", "\r\n", "\r"]) {
      const text = '\uFEFF{"a":1}' + newline + newline + '  {"a":"é😀"}  ' + newline + '{"a":[1,2]}';
      for (const chunkBytes of [1, 5, 1 << 16]) {
        expect(await all(jsonLines(file(text, "jsonl"), chunkBytes))).toEqual([
          { line: 1, object: { a: 1 } },
          { line: 3, object: { a: "é😀" } },
          { line: 4, object: { a: [1, 2] } },
        ]);
      }
    }
  });

  it("stops at a malformed line with its number, after the lines before it", async () => {
    const records: RawRecord[] = [];
    let error: DataError | undefined;
    try {
      for await (const batch of jsonLines(file('{"a":1}\n{"a":2}\n{"a":}\n{"a":4}\n', "jsonl"), 4))
        records.push(...batch);
    } catch (e) {
      error = e as DataError;
    }
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(error).toBeInstanceOf(DataError);
    expect(error?.line).toBe(3);
    await expect(all(jsonLines(file("[1]\n", "jsonl")))).rejects.toThrow("each line must be a JSON object");
  });
});

describe("a record longer than many chunks", () => {
  it("is read whole, with its line, whether its long cell is quoted (with line breaks) or not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-long-"));
    try {
      const long = "x".repeat(1_000_000);
      const quoted = `"${"y".repeat(300_000)}\n${"z".repeat(300_000)}"`;
      const path = join(dir, "long.csv");
      writeFileSync(path, `id,text\na1,${long}\na2,${quoted}\na3,short\n`);
      const records = [];
      for await (const batch of csvBatches(path, ",", 1024)) records.push(...batch);
      expect(records.map((record) => [record.line, record.cells![0], record.cells![1]!.length])).toEqual([
        [1, "id", 4],
        [2, "a1", 1_000_000],
        [4, "a2", 600_001],
        [5, "a3", 5],
      ]);
      // Past the bound (the same for DuckDB's reader), a record is refused at its line: a quote left open would
      // otherwise swallow the rest of a file of any size into memory.
      writeFileSync(path, `id,text\na0,short\na1,${"w".repeat(MAX_RECORD_CHARS + 10)}\na2,short\n`);
      const refused = (async () => {
        for await (const _ of csvBatches(path, ",")) void _;
      })();
      await expect(refused).rejects.toMatchObject({ code: "SEG105", line: 3, message: "a record longer than 64 MiB" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
