/**
 * Inputs that used to get a misleading message now get a reading or the right one: gzip followed by
 * junk (was "cannot tell the format"), UTF-16 as Excel's "Unicode Text" writes it (was "a binary
 * file"), CR-only line ends (was "no data rows" for 60 rows), random bytes and an empty stdin (was
 * "cannot tell the format of -"), a 1e15 ms elapsed (was blamed on the timestamp), and a
 * 100,000-column header gzipped (read plain, "cannot tell the format" gzipped). The inputs are made here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { chp } from "../helpers/cli.js";
import { tmpFile } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { message, reliabilityMessage as rm } from "../../src/messages.js";
import { normalizeText } from "../../src/load/text-encoding.js";
import { seededRandom } from "../../src/util/random.js";

const data = 3;
const rows: string[] = ["timestamp,throughput,response_ms"];
for (let i = 0; i < 60; i++) rows.push(`${1714521600 + 60 * i},${100 + i},${(10 + i * 0.1).toFixed(1)}`);
const csv = rows.join("\n") + "\n";

/** The summary's JSON of the 60-row series, to compare every re-encoded copy with. */
async function summaryOf(file: string) {
  const r = await chp("summary", file, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { throughput: { n: number; mean: number }; response: { n: number; max: number } };
}

/** Run the chp executable with `bytes` on stdin. */
function withStdin(bytes: Buffer, ...argv: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...argv], { input: bytes, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("gzip followed by junk: the error says so (not 'cannot tell the format')", async () => {
  const file = tmpFile("junk.csv.gz", Buffer.concat([gzipSync(csv), Buffer.from("this is junk after the gzip stream\n")]));
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  assert.equal(r.stderr, `chp: ${message.cannotRead(file, rm.gzipTrailingJunk())}\n`);
  // Zero bytes after the member are padding, as gzip(1) and zlib allow: read.
  const padded = tmpFile("padded.csv.gz", Buffer.concat([gzipSync(csv), Buffer.alloc(512)]));
  assert.equal((await summaryOf(padded)).throughput.n, 60);
});

test("UTF-16LE and UTF-16BE with a BOM (Excel's Unicode Text, tab-separated) read as the UTF-8 file does", async () => {
  const tsv = csv.replace(/,/g, "\t");
  const plain = await summaryOf(tmpFile("plain.tsv", tsv));
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]);
  const be = Buffer.from(tsv, "utf16le").swap16();
  assert.deepEqual(await summaryOf(tmpFile("le.txt", le)), plain);
  assert.deepEqual(await summaryOf(tmpFile("be.txt", Buffer.concat([Buffer.from([0xfe, 0xff]), be]))), plain);
  assert.deepEqual(await summaryOf(tmpFile("le.txt.gz", gzipSync(le))), plain);
  assert.equal(plain.throughput.n, 60);
});

test("CR-only line ends (classic Mac): all 60 rows read, as with LF", async () => {
  const lf = await summaryOf(tmpFile("lf.csv", csv));
  assert.deepEqual(await summaryOf(tmpFile("cr.csv", csv.replace(/\n/g, "\r"))), lf);
  assert.deepEqual(await summaryOf(tmpFile("crlf.csv", csv.replace(/\n/g, "\r\n"))), lf);
  assert.equal(lf.throughput.n, 60);
});

test("normalizeText: UTF-16 split mid-character and a CR split from its LF across chunks", async () => {
  const collect = async (chunks: Buffer[]) => {
    const out: Buffer[] = [];
    for await (const b of normalizeText(Readable.from(chunks))) out.push(b);
    return Buffer.concat(out).toString("utf8");
  };
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a\tµ\n日\n", "utf16le")]);
  assert.equal(await collect([utf16.subarray(0, 3), utf16.subarray(3, 8), utf16.subarray(8)]), "a\tµ\n日\n");
  assert.equal(await collect([Buffer.from("a,b\r"), Buffer.from("\n1,2\r\n")]), "a,b\r\n1,2\r\n");
  assert.equal(await collect([Buffer.from("a,b\r"), Buffer.from("1,2\r")]), "a,b\n1,2\n");
  assert.equal(await collect([Buffer.from("no break at all")]), "no break at all");
});

test("stdin: empty says so; random bytes are called binary, not a time-series CSV", async () => {
  const empty = withStdin(Buffer.alloc(0), "summary", "-");
  assert.equal(empty.code, data);
  assert.equal(empty.stderr, `chp: ${formatLocated(rm.emptyStdin(), { file: "-" })}\n`);
  // Random bytes, and random bytes that start like JSON or XML (no format's sniffer takes them).
  const { uniform } = seededRandom(20261207);
  const noise = () => Buffer.from(Array.from({ length: 3000 }, () => Math.floor(uniform() * 256)));
  for (const start of ["", "{", "<"]) {
    const r = withStdin(Buffer.concat([Buffer.from(start), noise()]), "summary", "-");
    assert.equal(r.code, data);
    assert.match(r.stderr, /^chp: -:1: (the start|character \d+) is not text: this looks like a binary file/);
    assert.doesNotMatch(r.stderr, /time-series/);
  }
});

test("a JTL elapsed of 1e15 ms is blamed on the response time, not the timestamp", async () => {
  const jtl = ["timeStamp,elapsed,label,responseCode,success"];
  for (let i = 0; i < 20; i++) jtl.push(`${1714521600000 + i * 1000},${i === 10 ? 1e15 : 100},home,200,true`);
  const file = tmpFile("elapsed.jtl", jtl.join("\n") + "\n");
  const r = await chp("summary", file);
  assert.equal(r.code, data);
  assert.equal(r.stderr, `chp: ${formatLocated(`${rm.elapsedFar(1e15, "ms", 1e12)}; ${rm.skipHint()}`, { file, line: 12 })}\n`);
  const skipped = await chp("summary", file, "--skip-bad-rows", "--json");
  assert.equal(skipped.code, 0, skipped.stderr);
});

test("a 100,000-column header (1.6 MB wide rows) reads the same plain and gzipped", async () => {
  const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
  header.splice(0, 3, "timestamp", "throughput", "response_ms");
  const lines = [header.join(",")];
  for (let i = 0; i < 5; i++) {
    const r = new Array<string>(100_000).fill("1");
    r[0] = String(1714521600 + 60 * i);
    r[1] = String(100 + i);
    lines.push(r.join(","));
  }
  const text = lines.join("\n") + "\n";
  assert.ok(lines[0].length > 65536 && lines[0].length < 1 << 20, `${lines[0].length}`);
  const plain = await summaryOf(tmpFile("wide.csv", text));
  assert.equal(plain.throughput.n, 5);
  assert.deepEqual(await summaryOf(tmpFile("wide.csv.gz", gzipSync(text))), plain);
});
