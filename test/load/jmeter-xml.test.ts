/**
 * JMeter XML results (JTL written as XML), read by the same per-request sink as the CSV JTL: the
 * real excerpt in peers/jmeter (three "Login Page" Transaction Controller samples, each holding two
 * requests), and bijoya.csv written out as XML here, which must summarise exactly as the CSV does.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { DataError } from "../../src/errors.js";
import { distributionStats } from "../../src/load/intervals.js";
import { readJmeterXml } from "../../src/load/jmeter-xml.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

/** The text in chunks of `size` bytes, as a stream gives it (records and multi-byte characters cut across chunks). */
async function* chunked(text: string | Buffer, size = 65536): AsyncIterable<Buffer> {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
import { tmpFile } from "../helpers/tmp.js";

const jmeter = (f: string) => join(realData, "peers/jmeter", f);
const read = (xml: string, o = {}) => readJmeterXml(chunked(xml, 5), "t.jtl", o);

/** A CSV JTL's rows as an XML JTL, one top-level sample per row (the attributes JMeter's XML writer uses). */
function csvToXml(csv: string): string {
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  const esc = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const samples = rows.map(
    (r) =>
      `  <httpSample t="${r.elapsed}" lt="${r.Latency}" ts="${r.timeStamp}" s="${r.success}" lb="${esc(r.label)}" rc="${r.responseCode}" rm="${esc(r.responseMessage)}" tn="${esc(r.threadName)}" by="${r.bytes}"/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n${samples.join("\n")}\n</testResults>\n`;
}

test("hailstorm-excerpt.xml.jtl: the six requests inside three Transaction Controller samples count, the controllers do not", async () => {
  const set = await readJmeterXml(chunked(readFileSync(jmeter("hailstorm-excerpt.xml.jtl")), 7), "h.jtl");
  const s = distributionStats(set.total);
  // the six httpSample t values: 5935 156 1928 204 265 246
  assert.equal(s.count, 6);
  assert.equal(s.min, 156);
  // HdrHistogram (3 significant digits) mean: within 0.1% of the raw mean 1455.67
  assert.ok(Math.abs(s.mean - (5935 + 156 + 1928 + 204 + 265 + 246) / 6) <= 1e-3 * s.mean);
  assert.equal(set.totalErrors, 0);
  assert.equal(set.format, "jmeter-xml");
  // completion = ts + t: the first request to end is 1354685469604 + 1928 ms
  assert.equal(set.startTime, 1354685469604 / 1000 + 1928 / 1000);
  const byLabel = await readJmeterXml(chunked(readFileSync(jmeter("hailstorm-excerpt.xml.jtl")), 7), "h.jtl", { byLabel: true });
  assert.deepEqual(
    byLabel.labels!.map((l) => [l.label, distributionStats(l.total).count]),
    [
      ["/Generic.aspx", 6],
      ["Login Page", 3],
    ],
  );
  assert.deepEqual(byLabel.intervals, set.intervals);
});

test("bijoya.csv written as XML summarises exactly as the CSV (chp summary --json, with and without --by-label)", async () => {
  const xml = tmpFile("bijoya.xml", csvToXml(readFileSync(jmeter("bijoya.csv"), "utf8")));
  for (const extra of [[], ["--by-label"], ["--interval", "1s"]]) {
    const fromCsv = await chp("summary", jmeter("bijoya.csv"), "--json", ...extra);
    const fromXml = await chp("summary", xml, "--json", ...extra);
    assert.equal(fromCsv.code, 0, fromCsv.stderr);
    assert.equal(fromXml.code, 0, fromXml.stderr);
    const norm = (s: string) => s.replace(/"format": "[a-z-]+"/, "").replace(/"file": "[^"]*"/, "");
    assert.equal(norm(fromXml.stdout), norm(fromCsv.stdout), extra.join(" "));
  }
});

test("nested samples of a sampler (redirects) are parts of it; --label picks a request inside a controller", async () => {
  const xml = `<testResults version="1.2">
<httpSample t="300" ts="1700000000000" s="true" lb="home" rm="OK"><httpSample t="100" ts="1700000000000" s="true" lb="home-0" rm="Found"/></httpSample>
<sample t="500" ts="1700000001000" s="false" lb="tx" rm="Number of samples in transaction : 1, number of failing samples : 1"><httpSample t="490" ts="1700000001005" s="false" lb="login" rm="Unauthorized"/></sample>
</testResults>`;
  const all = await read(xml);
  assert.equal(distributionStats(all.total).count, 1);
  assert.equal(all.totalErrors, 1);
  const login = await read(xml, { label: "login" });
  assert.equal(login.totalErrors, 1);
  assert.equal(distributionStats(login.total).count, 0);
});

test("several files merge onto one grid: two XML JTLs, and an XML JTL with a CSV JTL", async () => {
  const xml = jmeter("hailstorm-excerpt.xml.jtl");
  const twice = await chp("summary", xml, xml, "--json");
  assert.equal(twice.code, 0, twice.stderr);
  assert.equal(JSON.parse(twice.stdout).total.count, 12);
  // the same run as CSV and as XML, merged: every request twice (bijoya.csv: 12, its controller left out)
  const bijoyaXml = tmpFile("bijoya-merge.xml", csvToXml(readFileSync(jmeter("bijoya.csv"), "utf8")));
  const mixed = await chp("summary", jmeter("bijoya.csv"), bijoyaXml, "--json");
  assert.equal(mixed.code, 0, mixed.stderr);
  assert.equal(JSON.parse(mixed.stdout).total.count, 2 * 12);
});

test("entities in attributes are decoded, and a UTF-8 label cut across chunks reads whole", async () => {
  const xml = `<testResults version="1.2">\n<httpSample t="10" ts="1700000000000" s="true" lb="caf\u00e9 &amp; cr\u00e8me &quot;br\u00fbl\u00e9e&quot;" rm="OK"/>\n</testResults>`;
  const set = await read(xml, { byLabel: true });
  assert.deepEqual(
    set.labels!.map((l) => l.label),
    ['caf\u00e9 & cr\u00e8me "br\u00fbl\u00e9e"'],
  );
});

test("errors: not testResults, a bad attribute (or skipped with skipBadRows), an XML cut short", async () => {
  await assert.rejects(read("<foo/>"), (e: unknown) => e instanceof DataError && /the root element is <foo>/.test(e.message));
  const bad = `<testResults>\n<httpSample t="x" ts="1700000000000" s="true" lb="a"/>\n<httpSample t="5" ts="1700000000000" s="true" lb="a"/>\n</testResults>`;
  await assert.rejects(read(bad), (e: unknown) => e instanceof DataError && /t\.jtl:2.*t="x" is not an elapsed time/.test(e.message));
  const skipped = await read(bad, { skipBadRows: true });
  assert.equal(distributionStats(skipped.total).count, 1);
  assert.equal(skipped.skipped?.count, 1);
  await assert.rejects(
    read(`<testResults>\n<httpSample t="5" ts="1700000000000" s="true" lb="a"/>\n`),
    (e: unknown) => e instanceof DataError && /cut short/.test(e.message),
  );
  await assert.rejects(
    read(`<testResults><httpSample t="5" ts="1700000000000" s="true" lb="a"></testResults>`),
    (e: unknown) => e instanceof DataError && /XML syntax error/.test(e.message),
  );
});
