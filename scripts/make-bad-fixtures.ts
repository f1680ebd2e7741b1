/**
 * Writes the small committed bad-input corpus in test/fixtures/bad/.
 * The big or binary cases (a 10 MB single line, random bytes, a truncated gzip)
 * are made at test time by test/reliability/bad-input.test.ts instead.
 *
 *   npx tsx scripts/make-bad-fixtures.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HdrHistogram } from "../src/load/hdr/histogram.js";
import { encodeHistogram } from "../src/load/hdr/encoding.js";

const dir = join(import.meta.dirname, "..", "test", "fixtures", "bad");
const put = (name: string, text: string | Uint8Array) => writeFileSync(join(dir, name), text);
const csv = (...lines: string[]) => lines.join("\n") + "\n";
const head = "timestamp,throughput,response_ms";

// Time-series CSVs.
put("empty.csv", "");
put("header-only.csv", csv(head));
put("one-row.csv", csv(head, "1714521600,100,12.5"));
put("all-zeros.csv", csv(head, "1714521600,0,0", "1714521660,0,0", "1714521720,0,0", "1714521780,0,0"));
put("constant.csv", csv(head, "1714521600,100,12", "1714521660,100,12", "1714521720,100,12", "1714521780,100,12", "1714521840,100,12"));
put("non-numeric.csv", csv(head, "1714521600,100,12.5", "1714521660,110,13.1", "1714521720,12O,13.9", "1714521780,130,15.2"));
put("nan-values.csv", csv(head, "1714521600,100,12.5", "1714521660,NaN,13.1", "1714521720,120,NA", "1714521780,130,15.2", "1714521840,140,16.8"));
put("infinity.csv", csv(head, "1714521600,100,12.5", "1714521660,110,Infinity", "1714521720,120,13.9"));
put("negative-response.csv", csv(head, "1714521600,100,12.5", "1714521660,110,-3.2", "1714521720,120,13.9"));
put("negative-throughput.csv", csv(head, "1714521600,100,12.5", "1714521660,-110,13.1", "1714521720,120,13.9"));
const rows = ["1714521600,100,12.5", "1714521660,110,13.1", "1714521720,120,13.9", "1714521780,130,15.2", "1714521840,140,16.8"];
put("bom.csv", "\uFEFF" + csv(head, ...rows));
put("crlf.csv", csv(head, ...rows).replace(/\n/g, "\r\n"));
put("bom-crlf.csv", "\uFEFF" + csv(head, ...rows).replace(/\n/g, "\r\n"));
put("semicolon-decimal-comma.csv", csv("timestamp;throughput;response_ms", ...rows.map((r) => r.replace(/,/g, ";").replace(/\./g, ","))));
put(
  "quoted-fields.csv",
  csv(
    "timestamp,host,throughput,response_ms",
    '1714521600,"web-1, rack A",100,12.5',
    '1714521660,"web-2 ""east""",110,13.1',
    '1714521720,"web-3',
    'second line of a note",120,13.9',
    "1714521780,web-4,130,15.2",
  ),
);
put("out-of-order.csv", csv(head, "1714521720,120,13.9", "1714521600,100,12.5", "1714521840,140,16.8", "1714521660,110,13.1", "1714521780,130,15.2"));
put("duplicate-timestamps.csv", csv(head, "1714521600,100,12.5", "1714521660,110,13.1", "1714521660,111,13.2", "1714521720,120,13.9", "1714521780,130,15.2"));
put(
  "mixed-timestamps.csv",
  csv(head, "2024-05-01T00:00:00Z,100,12.5", "2024-05-01T00:01:00Z,110,13.1", "1714521720,120,13.9", "2024-05-01T00:03:00Z,130,15.2"),
);
put("ragged-row.csv", csv(head, "1714521600,100,12.5", "1714521660,110", "1714521720,120,13.9"));
put(
  "bad-rows.csv",
  csv(head, "1714521600,100,12.5", "1714521660,oops,13.1", "1714521720,120,13.9", "1714521780,130", "1714521840,140,16.8", "1714521900,150,-1"),
);

// HdrHistogram interval logs.
const h = new HdrHistogram();
for (const v of [1000, 1200, 1500, 2000, 9000]) h.record(v);
const good = Buffer.from(encodeHistogram(h)).toString("base64");
const hlog = (data: string) =>
  `#[Histogram log format version 1.3]\n#[StartTime: 1714521600.000 (seconds since epoch)]\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n0.000,1.000,9.000,${good}\n${data}\n`;
put("hlog-bad-base64.hlog", hlog(`1.000,1.000,9.000,${good.slice(0, 20)}!*${good.slice(22)}`));
const z = Buffer.from(encodeHistogram(h));
for (let i = 12; i < z.length; i++) z[i] ^= 0x5a; // keep the cookie and length, scramble the zlib stream
put("hlog-bad-zlib.hlog", hlog(`1.000,1.000,9.000,${z.toString("base64")}`));
const cookie = Buffer.from(encodeHistogram(h));
cookie.writeInt32BE(0x12345678, 0);
put("hlog-unknown-cookie.hlog", hlog(`1.000,1.000,9.000,${cookie.toString("base64")}`));
// V1 (fixed 8-byte words) is the encoding where a count can be negative.
const v1 = Buffer.from(encodeHistogram(h, { version: 1, compressed: false, wordSize: 8 }));
const at = 40 + 8 * h.countsArrayLength; // past the end: find the first non-zero word instead
let neg = -1;
for (let i = 40; i + 8 <= v1.length && i < at; i += 8)
  if (v1.readBigInt64BE(i) !== 0n) {
    neg = i;
    break;
  }
v1.writeBigInt64BE(-3n, neg);
put("hlog-negative-count.hlog", hlog(`1.000,1.000,9.000,${v1.toString("base64")}`));

// Per-request logs.
put(
  "jtl-no-success.jtl",
  csv(
    "timeStamp,elapsed,label,responseCode,threadName,bytes",
    "1714521600000,120,home,200,t-1,5120",
    "1714521600100,95,home,200,t-2,5120",
    "1714521601200,310,search,500,t-1,210",
    "1714521602300,101,home,200,t-3,5120",
  ),
);
put(
  "jtl-no-success-no-code.jtl",
  csv(
    "timeStamp,elapsed,label,threadName,bytes",
    "1714521600000,120,home,t-1,5120",
    "1714521600100,95,home,t-2,5120",
    "1714521601200,310,search,t-1,210",
    "1714521602300,101,home,t-3,5120",
  ),
);
put(
  "jtl-time-far-off.jtl",
  csv(
    "timeStamp,elapsed,label,responseCode,success",
    "1714521600000,120,home,200,true",
    "1714521600100,95,home,200,true",
    "1714521601,310,search,200,true",
    "1714521602300,101,home,200,true",
  ),
);
put("jtl-negative-elapsed.jtl", csv("timeStamp,elapsed,label,responseCode,success", "1714521600000,120,home,200,true", "1714521600100,-95,home,200,true"));

// Models and Guesstimate spaces.
put(
  "model-wrong-types.json",
  JSON.stringify(
    {
      name: "bad",
      tiers: [
        { name: "memcached", hitRate: "40%", latency: { lognormal: [0.5, 2] } },
        { name: "db", latency: { lognormal: [2, 8] } },
      ],
    },
    null,
    2,
  ) + "\n",
);
put(
  "model-hit-rate-above-1.json",
  JSON.stringify(
    {
      tiers: [
        { name: "memcached", hitRate: 1.4, latency: { lognormal: [0.5, 2] } },
        { name: "db", latency: { lognormal: [2, 8] } },
      ],
    },
    null,
    2,
  ) + "\n",
);
put(
  "model-hit-rate-negative.json",
  JSON.stringify(
    {
      tiers: [
        { name: "memcached", hitRate: -0.1, latency: { lognormal: [0.5, 2] } },
        { name: "db", latency: { lognormal: [2, 8] } },
      ],
    },
    null,
    2,
  ) + "\n",
);
put("model-latency-not-array.json", JSON.stringify({ tiers: [{ name: "db", latency: { lognormal: "2..8" } }] }, null, 2) + "\n");
put("model-truncated.json", '{"tiers": [{"name": "db", "latency": {"lognormal": [2, 8]');
put("guesstimate-wrong-types.json", JSON.stringify({ space: { name: "bad", graph: { metrics: "none", guesstimates: [] } } }, null, 2) + "\n");
put(
  "guesstimate-bad-guess.json",
  JSON.stringify(
    {
      space: {
        name: "bad",
        graph: {
          metrics: [
            { id: "A1", readableId: "HR", name: "hit rate" },
            { id: "A2", readableId: "RT", name: "response" },
          ],
          guesstimates: [
            { metric: "A1", expression: 140, guesstimateType: "POINT" },
            { metric: "A2", expression: "=${metric:A1} *", guesstimateType: "FUNCTION" },
          ],
        },
      },
    },
    null,
    2,
  ) + "\n",
);
console.log(`wrote ${dir}`);
