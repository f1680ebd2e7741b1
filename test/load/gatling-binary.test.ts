/**
 * Gatling's binary simulation.log (3.13 and later). No real binary log was found, so the test writes
 * one the way Gatling's LogFileDataWriter (3.13.0 to 3.15) does — big-endian ints and longs, strings
 * as length + Java String value + coder byte, cached strings by index — from the REQUEST records of
 * the real text log abhijeet_3.7.4_simulation.log, and checks that both logs of the same requests
 * read alike.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/errors.js";
import { readGatlingBinary } from "../../src/load/gatling-binary.js";
import { readGatlingLog } from "../../src/load/gatling-log.js";
import { distributionStats } from "../../src/load/intervals.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

async function* chunked(b: Buffer, size = 65536): AsyncIterable<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** A writer of Gatling's binary log records (LogFileDataWriter's BufferedFileChannelWriter). */
class GatlingBinaryWriter {
  private parts: Buffer[] = [];
  private cache = new Map<string, number>();
  private next = 1;
  byte(v: number) {
    this.parts.push(Buffer.from([v]));
  }
  int(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
  }
  long(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(v));
    this.parts.push(b);
  }
  /** Java's String value: Latin-1 bytes (coder 0) when every char fits, else UTF-16 (coder 1). */
  string(s: string) {
    if (s === "") return this.int(0);
    const latin1 = [...s].every((c) => c.charCodeAt(0) < 256);
    const value = Buffer.from(s, latin1 ? "latin1" : "utf16le");
    this.int(value.length);
    this.parts.push(value);
    this.byte(latin1 ? 0 : 1);
  }
  cached(s: string) {
    const i = this.cache.get(s);
    if (i !== undefined) return this.int(-i);
    this.int(this.next);
    this.string(s);
    this.cache.set(s, this.next++);
  }
  run(version: string, start: number) {
    this.byte(0);
    this.string(version);
    this.string("rates.RatesPerformance");
    this.long(start);
    this.string("");
    this.int(1);
    this.string("Rates Performance");
    this.int(1);
    this.int(3); // one assertion, pickled: skipped by the reader
    this.parts.push(Buffer.from([1, 2, 3]));
  }
  user(start: boolean, at: number) {
    this.byte(2);
    this.int(0);
    this.byte(start ? 1 : 0);
    this.int(at);
  }
  request(groups: string[], name: string, start: number, end: number, ok: boolean, msg: string) {
    this.byte(1);
    this.int(groups.length);
    for (const g of groups) this.cached(g);
    this.cached(name);
    this.int(start);
    this.int(end);
    this.byte(ok ? 1 : 0);
    this.cached(msg);
  }
  group(groups: string[], start: number, end: number) {
    this.byte(3);
    this.int(groups.length);
    for (const g of groups) this.cached(g);
    this.int(start);
    this.int(end);
    this.int(end - start);
    this.byte(1);
  }
  error(msg: string, at: number) {
    this.byte(4);
    this.cached(msg);
    this.int(at);
  }
  bytes() {
    return Buffer.concat(this.parts);
  }
}

const textLog = join(realData, "formats/gatling/abhijeet_3.7.4_simulation.log");

/** The binary log of the text log's run: its RUN start, USER and REQUEST records. */
function binaryOfText(): Buffer {
  const lines = readFileSync(textLog, "utf8")
    .split("\n")
    .map((l) => l.split("\t"));
  const runStart = Number(lines.find((f) => f[0] === "RUN")![3]);
  const w = new GatlingBinaryWriter();
  w.run("3.13.1", runStart);
  for (const f of lines) {
    if (f[0] === "USER") w.user(f[2] === "START", Number(f[3]) - runStart);
    // 3.7: REQUEST groups name start end status message
    if (f[0] === "REQUEST") w.request(f[1] ? f[1].split(",") : [], f[2], Number(f[3]) - runStart, Number(f[4]) - runStart, f[5] === "OK", f[6]?.trim() ?? "");
  }
  w.group(["g1"], 0, 10);
  w.error("j.n.ConnectException: Connection refused", 5);
  return w.bytes();
}

test("a binary log of the same requests reads as the text log: count, errors, min, max, intervals", async () => {
  const binary = binaryOfText();
  const fromText = await readGatlingLog(chunked(readFileSync(textLog)), "simulation.log");
  for (const size of [7, 4096]) {
    const fromBinary = await readGatlingBinary(chunked(binary, size), "simulation.log");
    assert.deepEqual(distributionStats(fromBinary.total), distributionStats(fromText.total));
    assert.equal(fromBinary.totalErrors, fromText.totalErrors);
    assert.deepEqual(fromBinary.intervals, fromText.intervals);
    assert.equal(fromBinary.format, "gatling-binary");
  }
  assert.equal(fromText.total.totalCount, 245);
});

test("KO, cached names, groups, UTF-16 names and --label; a cut or damaged log is an error saying so", async () => {
  const t0 = 1_700_000_000_000;
  const w = new GatlingBinaryWriter();
  w.run("3.14.0", t0);
  w.user(true, 0);
  w.request(["g1", "g2"], "home", 0, 120, true, "");
  w.request([], "héllo ✓", 5, 305, false, "status.find.is(200), but actually found 500");
  w.request(["g1", "g2"], "home", 400, 450, true, "");
  const log = w.bytes();
  const set = await readGatlingBinary(chunked(log, 3), "s.log", { byLabel: true });
  assert.equal(set.total.totalCount, 2);
  assert.equal(set.totalErrors, 1);
  assert.deepEqual(
    set.labels!.map((l) => [l.label, l.total.totalCount, l.totalErrors]),
    [
      ["home", 2, 0],
      ["héllo ✓", 0, 1],
    ],
  );
  const home = await readGatlingBinary(chunked(log), "s.log", { label: "home" });
  assert.equal(home.total.totalCount, 2);
  await assert.rejects(
    readGatlingBinary(chunked(log.subarray(0, log.length - 3)), "cut.log"),
    (e: unknown) => e instanceof DataError && /^cut\.log: the binary Gatling log \(Gatling 3\.14\.0\) ends inside record 5: a log cut short/.test(e.message),
  );
  const bad = Buffer.concat([log, Buffer.from([7, 0, 0, 0])]);
  await assert.rejects(
    readGatlingBinary(chunked(bad), "bad.log"),
    (e: unknown) => e instanceof DataError && /^bad\.log: record 6 of the binary Gatling log holds a record type 7/.test(e.message),
  );
});

test("the sniff knows a binary log by its RUN record; chp summary and plot read it", async () => {
  const dir = tmpDir();
  const file = join(dir, "simulation.log");
  writeFileSync(file, binaryOfText());
  assert.equal((await loadInputs(file)).format, "gatling-binary");
  const s = await chp("summary", file, "--json");
  assert.equal(s.code, 0, s.stderr);
  assert.equal(JSON.parse(s.stdout).total.count, 245);
  const p = await chp("plot", file, "-o", join(dir, "g.png"));
  assert.equal(p.code, 0, p.stderr);
});
