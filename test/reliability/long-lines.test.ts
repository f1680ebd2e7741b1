/**
 * Every text reader refuses a line longer than maxLineLength (1 MiB) with one error naming the file
 * and the line, in time linear in the input: it stops once the limit has arrived without a line
 * break, and never rescans the unended line per chunk. The inputs (an 8 MiB line after the header,
 * plain and gzipped, and a 40 MiB one gzipped) are made here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { chp } from "../helpers/cli.js";
import { tmpFile } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { reliabilityMessage as rm } from "../../src/messages.js";
import { maxLineLength, maxLineText } from "../../src/load/line-limit.js";
import { CsvRecords } from "../../src/load/csv-records.js";
import { FastRows } from "../../src/load/fast-rows.js";
import { ByteRows } from "../../src/load/byte-rows.js";
import { lines } from "../../src/load/open-input.js";
import { readGatlingLog } from "../../src/load/gatling-log.js";

const data = 3;
const tooLong = (file: string, line: number) => `chp: ${formatLocated(rm.lineOverLimit(maxLineText), { file, line })}\n`;
/**
 * Seconds a refusal may take. Before the splitters kept unended lines in pieces, an 8 MiB line took
 * 2.3 s plain and 10.5 s gzipped, a 48 MiB one over 170 s; now each is refused after reading 1 MiB.
 */
const seconds = 20;

const series = (cell: string) => `timestamp,throughput,response_ms\n1714521600,100,${cell}\n1714521660,110,13\n`;
const jtl = (cell: string) => `timeStamp,elapsed,label,responseCode,success\n1714521600000,120,home,200,true\n1714521600100,95,${cell},200,true\n`;

async function refused(argv: string[], file: string, line: number): Promise<void> {
  const started = performance.now();
  const r = await chp(...argv);
  const took = (performance.now() - started) / 1000;
  assert.equal(r.code, data, r.stderr);
  assert.equal(r.stderr, tooLong(file, line));
  assert.equal(r.stdout, "");
  assert.ok(took < seconds, `took ${took.toFixed(1)} s`);
}

test("a time-series CSV with an 8 MiB line after the header: refused at line 2, plain and gzipped", async () => {
  const text = series("1".repeat(8 << 20));
  const plain = tmpFile("long8.csv", text);
  await refused(["summary", plain], plain, 2);
  const gz = tmpFile("long8.csv.gz", gzipSync(text));
  await refused(["summary", gz], gz, 2);
});

test("a gzipped time-series CSV with a 40 MiB line: refused at line 2 without inflating it all", async () => {
  const gz = tmpFile("long40.csv.gz", gzipSync(series("1".repeat(40 << 20))));
  await refused(["summary", gz], gz, 2);
});

test("a JTL with an 8 MiB label: refused at line 3 (the byte splitter), plain and gzipped", async () => {
  const text = jtl("x".repeat(8 << 20));
  const plain = tmpFile("long.jtl", text);
  await refused(["summary", plain], plain, 3);
  const gz = tmpFile("long.jtl.gz", gzipSync(text));
  await refused(["summary", gz], gz, 3);
});

test("an HdrHistogram log with a 2 MiB line: refused at that line (the line reader)", async () => {
  const text = `#[Histogram log format version 1.3]\n#[StartTime: 1714521600.000 (seconds since epoch)]\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n0.000,1.000,9.000,${"A".repeat(2 << 20)}\n`;
  const file = tmpFile("long.hlog", text);
  await refused(["summary", file], file, 4);
});

async function* chunks(text: string | Buffer, size = 65536): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Run a push splitter over text in 64 KiB chunks; the lines it gave, or the error it threw. */
function pushAll(make: (rows: number[]) => { push(c: string): void; end(): void }, text: string): number[] | Error {
  const rows: number[] = [];
  const s = make(rows);
  try {
    for (let i = 0; i < text.length; i += 65536) s.push(text.slice(i, i + 65536));
    s.end();
  } catch (e) {
    return e as Error;
  }
  return rows;
}

test("each splitter takes a line of exactly 1 MiB and refuses one character more, naming the line", async () => {
  const at = "a,b\n1,2\n" + "x".repeat(maxLineLength - 2) + ",3\n4,5\n";
  const over = "a,b\n1,2\n" + "x".repeat(maxLineLength - 1) + ",3\n4,5\n";
  const splitters: Record<string, (rows: number[]) => { push(c: string): void; end(): void }> = {
    CsvRecords: (rows) => new CsvRecords(",", (_f, line) => rows.push(line), "f.csv"),
    FastRows: (rows) => new FastRows(",", (_f, _c, line) => rows.push(line), "f.csv"),
    ByteRows: (rows) => {
      const b = new ByteRows(
        ",",
        (_f, _c, line) => rows.push(line),
        (_b, _f, _c, line) => rows.push(line),
        "f.csv",
      );
      return { push: (c: string) => b.push(Buffer.from(c)), end: () => b.end() };
    },
  };
  for (const [name, make] of Object.entries(splitters)) {
    assert.deepEqual(pushAll(make, at), [1, 2, 3, 4], name);
    const e = pushAll(make, over);
    assert.ok(e instanceof Error, name);
    assert.equal(e.message, formatLocated(rm.lineOverLimit(maxLineText), { file: "f.csv", line: 3 }), name);
  }
  const read = async (text: string) => {
    const got: number[] = [];
    for await (const [, n] of lines(chunks(text), "f.txt")) got.push(n);
    return got;
  };
  assert.deepEqual(await read(at), [1, 2, 3, 4]);
  await assert.rejects(read(over), { message: formatLocated(rm.lineOverLimit(maxLineText), { file: "f.txt", line: 3 }) });
  // With no line break at all, and with a CRLF that does not count towards the length.
  await assert.rejects(read("y".repeat(maxLineLength + 1)), { message: formatLocated(rm.lineOverLimit(maxLineText), { file: "f.txt", line: 1 }) });
  assert.deepEqual(await read(`${"z".repeat(maxLineLength)}\r\nend\r\n`), [1, 2]);
});

test("a quoted CSV field never closed is refused once the record passes 1 MiB, at the record's first line", () => {
  const text = `a,b\n1,"open\n${"q,\n".repeat(maxLineLength / 2)}`;
  const e = pushAll((rows) => new CsvRecords(",", (_f, line) => rows.push(line), "f.csv"), text);
  assert.ok(e instanceof Error);
  assert.equal(e.message, formatLocated(rm.lineOverLimit(maxLineText), { file: "f.csv", line: 2 }));
});

test("a Gatling simulation.log with a 2 MiB line: refused at that line", async () => {
  const text = `RUN\tsim\tsim\t1662461289902\t \t3.7.4\n${"R".repeat(2 << 20)}\n`;
  await assert.rejects(readGatlingLog(chunks(text), "simulation.log"), {
    message: formatLocated(rm.lineOverLimit(maxLineText), { file: "simulation.log", line: 2 }),
  });
});
