/**
 * The JMeter XML reader's fast path (src/load/jmeter-xml.ts, src/load/xml-sample-line.ts) against
 * the XML parser alone: random documents of usual and odd lines (entities, character references,
 * nested samples, comments, repeated or unquoted attributes, bad values, Transaction Controller
 * samples, CRLF, a document cut short or with junk after it), cut into random chunks, give exactly
 * the outcome (result, or error message and line) of the same document read by saxes alone (a
 * byte-order mark in front turns the fast path off; saxes skips it); the same with samples written
 * with their URL (a java.net.URL child). And the line scan's own cases.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readJmeterXml } from "../../src/load/jmeter-xml.js";
import type { RequestLogOptions } from "../../src/load/request-sink.js";
import { attributeText, closesSample, LB, NAME, RM, S, SHAPE, scanSampleLine, scanUrlLine, spanCount, T, TS } from "../../src/load/xml-sample-line.js";

async function* chunked(b: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function outcome(bytes: Buffer, options: Partial<RequestLogOptions>, size: number): Promise<unknown> {
  try {
    return { ok: await readJmeterXml(chunked(bytes, size), "x.jtl", options) };
  } catch (e) {
    const err = e as Error & { location?: unknown };
    return { error: err.constructor.name, message: err.message, location: err.location };
  }
}

/** The fast path's outcome equals the parser's (the same text behind a byte-order mark). */
async function sameAsParser(xml: string, options: Partial<RequestLogOptions> = {}, size = 97): Promise<unknown> {
  const fast = await outcome(Buffer.from(xml), options, size);
  const parser = await outcome(Buffer.from(`\ufeff${xml}`), options, size);
  assert.deepStrictEqual(fast, parser);
  return fast;
}

const sampleLine = (attrs: string, name = "httpSample") => `<${name} ${attrs}/>`;
const usual = (i: number, ok = true) =>
  `t="${(i * 37) % 900}" it="0" lt="5" ct="1" ts="${1_700_000_000_000 + i * 211}" s="${ok}" lb="GET /${i % 3}" rc="200" rm="OK" tn="TG 1-1" dt="text" by="10" sby="1" ng="1" na="1"`;

const withUrl = (i: number, ok = true) => `<httpSample ${usual(i, ok)}>\n  <java.net.URL>http://h/${i % 3}?a=1&amp;b=2</java.net.URL>\n</httpSample>`;

test("JMeter XML fast path: a generated run reads as the parser reads it, with and without options, with and without URLs", async () => {
  for (const form of [(i: number, ok: boolean) => sampleLine(usual(i, ok)), withUrl]) {
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testResults version="1.2">'];
    for (let i = 0; i < 500; i++) lines.push(form(i, i % 41 !== 0));
    lines.push("</testResults>");
    const xml = `${lines.join("\n")}\n`;
    for (const options of [{}, { byLabel: true }, { label: "GET /1" }, { interval: 1 }]) {
      const r = (await sameAsParser(xml, options)) as { ok?: unknown };
      assert.ok(r.ok);
    }
  }
});

test("JMeter XML fast path: random documents with odd lines, cut at random, give the parser's outcome", async () => {
  const odd = fc.constantFrom(
    sampleLine(`t="5" ts="1700000000000" s="true" lb="a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;" rm="OK"`),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="x &#38; y" rm="OK"`),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="bad & amp" rm="OK"`),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="&unknown;" rm="OK"`),
    sampleLine(`t='6' ts='1700000000100' s='false' lb='single "quoted"'`),
    sampleLine(`t="5" t="6" ts="1700000000000" s="true" lb="dup"`),
    sampleLine(`t="5"ts="1700000000000" s="true" lb="nospace"`),
    sampleLine(`t=5 ts="1700000000000" s="true" lb="unquoted"`),
    sampleLine(`t = "5" ts="1700000000000" s="true" lb="spaced"`),
    sampleLine(`t="x" ts="1700000000000" s="true" lb="bad t"`),
    sampleLine(`t="1.5" ts="1700000000000" s="maybe" lb="bad s"`),
    sampleLine(`t="-1" ts="1700000000000" s="true" lb="negative"`),
    sampleLine(`t="5" ts="2023-11-14T22:13:20Z" s="true" lb="iso ts"`),
    sampleLine(`t="5" ts="1700000000" s="true" lb="seconds"`),
    sampleLine(`t="5" ts="1700000000000" lb="no s"`),
    sampleLine(`t="5" ts="1700000000000" s="true"`),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="tab\there"`),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="lt < here"`),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="caf\u00e9 \ufffe"`),
    sampleLine(`t="50" ts="1700000000000" s="true" lb="Login" rm="Number of samples in transaction : 0, number of failing samples : 0"`, "sample"),
    sampleLine(`t="5" ts="1700000000000" s="true" lb="x" rm="Number of things"`),
    `<sample t="50" ts="1700000000000" s="true" lb="Login" rm="Number of samples in transaction : 1, number of failing samples : 0">\n  <httpSample t="7" ts="1700000000010" s="true" lb="inner" rm="OK"/>\n</sample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="with url" rm="OK">\n  <java.net.URL>http://h/x?a=1&amp;b=2</java.net.URL>\n</httpSample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="two urls" rm="OK">\n<java.net.URL>http://h/1</java.net.URL>\n<java.net.URL>http://h/2</java.net.URL>\n</httpSample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="url, then an assertion">\n  <java.net.URL>http://h/x</java.net.URL>\n  <assertionResult>\n    <name>Response Assertion</name>\n  </assertionResult>\n</httpSample>`,
    `<httpSample t="x" ts="1700000000020" s="true" lb="bad t, with url">\n  <java.net.URL>http://h/x</java.net.URL>\n</httpSample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="tx with url" rm="Number of samples in transaction : 1, number of failing samples : 0">\n  <java.net.URL>http://h/x</java.net.URL>\n</httpSample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="bad url">\n  <java.net.URL>http://h/x?a&b</java.net.URL>\n</httpSample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="cdata end in url">\n  <java.net.URL>http://h/]]></java.net.URL>\n</httpSample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="wrong close">\n  <java.net.URL>http://h/x</java.net.URL>\n</sample>`,
    `<httpSample t="9" ts="1700000000020" s="true" lb="not closed">\n  <java.net.URL>http://h/x</java.net.URL>`,
    `<sample t="9" ts="1700000000020" s="true" lb="sample with url">\n  <java.net.URL>http://h/x</java.net.URL>\n</sample>`,
    "<!-- a comment -->",
    '<!-- <httpSample t="1" ts="1700000000000" s="true" lb="commented"/> -->',
    "   ",
    "",
    `  ${sampleLine(`t="5" ts="1700000000000" s="true" lb="indented"`)}  `,
    "<other/>",
    "<httpSample",
    `<httpSample t="5" ts="1700000000000" s="true" lb="open">`,
  );
  const doc = fc.record({
    decl: fc.boolean(),
    rows: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.nat(10_000).map((i) => sampleLine(usual(i, i % 7 !== 0))) },
        { weight: 2, arbitrary: fc.nat(10_000).map((i) => withUrl(i, i % 7 !== 0)) },
        { weight: 1, arbitrary: odd },
      ),
      {
        maxLength: 60,
      },
    ),
    ending: fc.constantFrom("</testResults>\n", "</testResults>", "", "</testResults>\n<junk/>\n", "</testResults>\n\n"),
    crlf: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(
      doc,
      fc.constantFrom<Partial<RequestLogOptions>>({}, { skipBadRows: true }, { byLabel: true }, { label: "GET /1" }, { byLabel: true, maxLabels: 3 }),
      fc.integer({ min: 1, max: 400 }),
      async (d, options, size) => {
        const head = d.decl ? '<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n' : "<testResults>\n";
        const eol = d.crlf ? "\r\n" : "\n";
        const body = d.rows.length > 0 ? `${d.rows.join("\n")}\n` : "";
        await sameAsParser((head + body + d.ending).replaceAll("\n", eol), options, size);
      },
    ),
    { numRuns: 150 },
  );
});

test("scanSampleLine: the usual line's values; every line the parser could read otherwise is left to it", () => {
  const spans = new Int32Array(spanCount);
  const b = Buffer.from(`  <httpSample t="12" lt="3" ts="1700000000000" s="true" lb="a &amp; b" rm="OK"/> `);
  const amps = scanSampleLine(b, 0, b.length, spans);
  assert.equal(amps, 1 << LB);
  const value = (k: number) => b.toString("utf8", spans[2 * k], spans[2 * k + 1]);
  assert.deepEqual([value(T), value(TS), value(S), value(LB), value(RM)], ["12", "1700000000000", "true", "a &amp; b", "OK"]);
  assert.equal(attributeText(b, spans[2 * LB], spans[2 * LB + 1], true), "a & b");
  // no attributes at all, and the other sample element
  assert.equal(scanSampleLine(Buffer.from("<httpSample/>"), 0, 13, spans), 0);
  assert.deepEqual([...spans.subarray(0, 10)], new Array(10).fill(-1));
  assert.equal(scanSampleLine(Buffer.from(`<sample t="1"/>`), 0, 15, spans), 0);
  // an open tag (a sample with children)
  assert.equal(scanSampleLine(Buffer.from(`<httpSample t="1">`), 0, 18, spans), 0);
  assert.deepEqual([spans[SHAPE], spans[NAME]], [0, 10]);
  assert.equal(scanSampleLine(Buffer.from(`<httpSample t="1"/>`), 0, 19, spans), 0);
  assert.deepEqual([spans[SHAPE], spans[NAME]], [1, 10]);
  const url = (line: string) => scanUrlLine(Buffer.from(line), 0, Buffer.byteLength(line));
  assert.ok(url("  <java.net.URL>http://h/x?a=1&amp;b=2</java.net.URL> "));
  assert.ok(url("<java.net.URL></java.net.URL>"));
  for (const bad of [
    "<java.net.URL>a&b</java.net.URL>",
    "<java.net.URL>a<b</java.net.URL>",
    "<java.net.URL>a]]>b</java.net.URL>",
    "<java.net.URL>a",
    "<url>a</url>",
  ]) {
    assert.ok(!url(bad), bad);
  }
  const closes = (line: string, n: number) => closesSample(Buffer.from(line), 0, line.length, n);
  assert.ok(closes(" </httpSample>", 10) && closes("</sample>", 6));
  assert.ok(!closes("</sample>", 10) && !closes("</httpSample >", 10) && !closes("</httpSampleX>", 10));
  for (const line of [
    "",
    "<httpSample",
    `<httpSample t="1"`,
    `<httpSamples t="1"/>`,
    `<assertionResult t="1"/>`,
    `<httpSample t="1"ts="2"/>`,
    `<httpSample t="1" t="2"/>`,
    `<httpSample t=1/>`,
    `<httpSample t ="1"/>`,
    `<httpSample t="1/>`,
    `<httpSample t="a<b"/>`,
    `<httpSample t="a\tb"/>`,
    `<httpSample t="&#38;"/>`,
    `<httpSample t="&nbsp;"/>`,
    `<httpSample t="&amp"/>`,
    `<httpSample 1t="1"/>`,
    `<httpSample t="1"/> <x/>`,
    `<httpSample t="\uffff"/>`,
    `<!-- <httpSample t="1"/> -->`,
  ]) {
    const bytes = Buffer.from(line);
    assert.equal(scanSampleLine(bytes, 0, bytes.length, spans), -1, line);
  }
});
