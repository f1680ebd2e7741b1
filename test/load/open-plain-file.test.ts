/**
 * openPlainFile (src/load/open-input.ts): the files openInput passes through unchanged are read
 * synchronously, byte for byte; gzip, UTF-16, CR-only line ends, a first line longer than the head
 * and stdin are left to openInput (null); a file that cannot be opened is a DataError naming it.
 * And a per-request log read synchronously (readRequestLogFile) gives what its stream gives.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { DataError } from "../../src/errors.js";
import { openInput, openPlainFile } from "../../src/load/open-input.js";
import { readRequestLog, readRequestLogFile } from "../../src/load/request-log.js";

const dir = mkdtempSync(join(tmpdir(), "chp-plain-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const real = resolve("../shared/data/real/peers/jmeter");

function write(name: string, bytes: Buffer | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Everything a reader gives, in reads of at most `most` bytes. */
function readAll(file: string, most: number): Buffer {
  const r = openPlainFile(file);
  assert.ok(r !== null, file);
  const parts: Buffer[] = [];
  const buf = Buffer.alloc(most + 3);
  for (;;) {
    const n = r.read(buf, 3, most);
    if (n === 0) break;
    assert.ok(n > 0 && n <= most);
    parts.push(Buffer.from(buf.subarray(3, 3 + n)));
  }
  r.close();
  r.close(); // a second close does nothing
  return Buffer.concat(parts);
}

test("openPlainFile: LF and CRLF files read byte for byte, in reads of any size, past the 64 KiB head", () => {
  const rows = Array.from({ length: 20000 }, (_, i) => `${1_700_000_000_000 + i},${i % 97},café`);
  for (const eol of ["\n", "\r\n"]) {
    const bytes = Buffer.from(rows.join(eol) + eol);
    assert.ok(bytes.length > 1 << 16);
    const file = write(`plain${eol.length}.csv`, bytes);
    for (const most of [1, 1000, 65536, 1 << 20]) assert.ok(readAll(file, most).equals(bytes), `most ${most}`);
  }
});

test("openPlainFile: gzip, UTF-16, CR-only line ends, no line break in the head (even a file without one) and stdin are left to openInput", () => {
  const text = "timestamp,latency\n1,2\n";
  assert.equal(openPlainFile(write("g.csv.gz", gzipSync(text))), null);
  assert.equal(openPlainFile(write("u16le.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))), null);
  assert.equal(openPlainFile(write("u16be.csv", Buffer.from([0xfe, 0xff, 0, 0x61, 0, 10]))), null);
  assert.equal(openPlainFile(write("cr.csv", text.replaceAll("\n", "\r"))), null);
  assert.equal(openPlainFile(write("long.csv", `${"x".repeat(70000)}\n1,2\n`)), null);
  assert.equal(openPlainFile(write("one.csv", "a,b")), null);
  assert.equal(openPlainFile("-"), null);
});

test("openPlainFile: a file that cannot be opened is a DataError naming it", () => {
  const missing = join(dir, "missing.csv");
  assert.throws(
    () => openPlainFile(missing),
    (e: unknown) => e instanceof DataError && e.message.includes(missing),
  );
  assert.throws(
    () => openPlainFile(dir), // a folder: open succeeds, the read fails (EISDIR)
    (e: unknown) => e instanceof DataError && e.message.includes(dir),
  );
});

test("readRequestLogFile: a real JTL read synchronously gives its stream's result", async () => {
  const file = join(real, "ajs.jtl");
  for (const options of [{}, { byLabel: true }, { interval: 1 }]) {
    const streamed = await readRequestLog(openInput(file), file, options);
    const reader = openPlainFile(file);
    assert.ok(reader !== null);
    assert.deepStrictEqual(await readRequestLogFile(reader, file, options), streamed);
  }
  // a file larger than the 4 MiB from which the batches read it (the JTL repeated, its header once)
  const bytes = readFileSync(file, "utf8");
  const [head, ...rest] = bytes.trimEnd().split("\n");
  const body = rest.join("\n");
  let big = head;
  let n = 0;
  while (big.length < 5 << 20) {
    big += `\n${body}`;
    n++;
  }
  const bigFile = write("big.jtl", `${big}\n`);
  const streamed = await readRequestLog(openInput(bigFile), bigFile, {});
  const reader = openPlainFile(bigFile);
  assert.ok(reader !== null && n > 1);
  assert.deepStrictEqual(await readRequestLogFile(reader, bigFile, {}), streamed);
  // the event loop runs during the reading (every yieldBytes; here every 1 MiB)
  const again = openPlainFile(bigFile);
  assert.ok(again !== null);
  let ran = 0;
  let tick = setImmediate(function count() {
    ran++;
    tick = setImmediate(count);
  });
  const tuned = await readRequestLogFile(again, bigFile, { parallelTuning: { from: 4 << 20, batchBytes: 2 << 20, threads: false, yieldBytes: 1 << 20 } });
  clearImmediate(tick);
  assert.deepStrictEqual(tuned, streamed);
  assert.ok(ran >= 2, `the event loop ran ${ran} times`);
});
