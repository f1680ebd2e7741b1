/**
 * A seeded JMeter XML results generator (a JTL saved with
 * `jmeter.save.saveservice.output_format=xml`), for measuring the JMeter XML reader's speed and
 * memory on large runs: the requests of scripts/jtl-generator.ts with the same spec (so the XML
 * and the CSV of one spec summarise alike), one `<httpSample .../>` a line, with the attributes
 * JMeter's XML writer uses (t, it, lt, ct, ts, s, lb, rc, rm, tn, dt, by, sby, ng, na); with
 * `--url`, each sample also holds its `<java.net.URL>` child (jmeter.save.saveservice.url=true).
 *
 *   npx tsx scripts/jmeter-xml-generator.ts REQUESTS [RATE_PER_S] [--url] > run.xml.jtl
 *
 * Stdout only (streamed, respecting back-pressure).
 */
import { once } from "node:events";
import { type JtlSpec, jtlRequests } from "./jtl-generator.js";

/** Yield chunks of XML (each ~ `chunkRows` samples), the prolog first and the closing tag last. */
export function* jmeterXmlChunks(spec: JtlSpec, url = false, chunkRows = 20000): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n`;
  let out: string[] = [];
  for (const { start, elapsed, label, ok, i } of jtlRequests(spec)) {
    const attrs = `t="${elapsed}" it="0" lt="${Math.max(0, elapsed - 3)}" ct="${i % 7}" ts="${start}" s="${ok}" lb="${label}" rc="${ok ? 200 : 500}" rm="${ok ? "OK" : "Internal Server Error"}" tn="Thread Group 1-${(i % 50) + 1}" dt="text" by="${1000 + (i % 500)}" sby="120" ng="50" na="50"`;
    if (url) out.push(`<httpSample ${attrs}>\n  <java.net.URL>http://host${label.slice(label.indexOf(" ") + 1)}</java.net.URL>\n</httpSample>`);
    else out.push(`<httpSample ${attrs}/>`);
    if (out.length >= chunkRows) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
  yield "</testResults>\n";
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== "--url");
  const requests = Number(args[0]);
  const rate = args[1] === undefined ? 2800 : Number(args[1]);
  if (!Number.isInteger(requests) || requests < 1 || !(rate > 0)) {
    process.stderr.write("usage: tsx scripts/jmeter-xml-generator.ts REQUESTS [RATE_PER_S] [--url]\n");
    process.exitCode = 2;
    return;
  }
  const spec = { rows: requests, seed: 1, startMs: 1_700_000_000_000, rate };
  for (const chunk of jmeterXmlChunks(spec, process.argv.includes("--url"))) if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}

if (process.argv[1]?.endsWith("jmeter-xml-generator.ts")) await main();
