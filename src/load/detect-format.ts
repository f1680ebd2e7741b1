/**
 * Which loader reads a file: by content (the first 64 KiB, gunzipped when
 * gzip), with the extension as a tie-breaker and as a claim that is checked:
 * a `.hlog` whose content is a CSV is a DataError naming the file, not a
 * silent misreading.
 *
 *   hlog          "#[Histogram log format", "#[StartTime:", a StartTimestamp legend, or
 *                 "[Tag=x,]number,number,number,HIST..." lines
 *   hgrm          a "Value Percentile TotalCount" header (text or CSV)
 *   spigo         "name:" / "quantiles:" lines, a "From To Count" table, or "Total: n"
 *   request-log   a CSV whose header has timeStamp+elapsed (JMeter), response-time+offset
 *                 (hey), or a time and a response column but no throughput column
 *   time-series   any other CSV/TSV with a header (the original loader)
 */
import { DataError } from "../errors.js";
import { histogramMessage as hm } from "../messages.js";
import { matchScore } from "./columns.js";
import { detectDelimiter } from "./delimiter.js";
import { open } from "node:fs/promises";
import { constants as zlibConstants, gunzipSync } from "node:zlib";

export type InputFormat = "hlog" | "hgrm" | "spigo" | "request-log" | "time-series";

const formatNames: Record<InputFormat, string> = {
  hlog: "an HdrHistogram interval log",
  hgrm: "HdrHistogram percentile output (.hgrm)",
  spigo: "a spigo histogram",
  "request-log": "a per-request log (JMeter JTL, hey CSV)",
  "time-series": "a time-series CSV",
};

/** The format the content shows, from its first lines; null when nothing matches. */
export function sniffFormat(head: string): InputFormat | null {
  const lines = head.replace(/^\uFEFF/, "").split(/\r?\n/).slice(0, 200);
  const firstReal = lines.find((l) => l.trim() !== "") ?? "";
  for (const l of lines.slice(0, 50)) {
    const t = l.trim();
    if (/^#\[(Histogram log format|StartTime:|BaseTime:)/.test(t)) return "hlog";
    if (/^"?StartTimestamp"?,/.test(t)) return "hlog";
    if (/^(Tag=[^,]*,)?[\d.]+,[\d.]+,[\d.]+,HIST/.test(t)) return "hlog";
    if (/^"?Value"?\s*[,\s]\s*"?Percentile"?\s*[,\s]\s*"?TotalCount"?/.test(t)) return "hgrm";
  }
  if (/^(name|quantiles):/.test(firstReal.trim()) || /^Total:\s*\d+/.test(firstReal.trim())) return "spigo";
  if (lines.some((l) => /^\s*From\s+To\s+Count\b/.test(l))) return "spigo";
  if (firstReal.trim() === "") return null;
  const d = detectDelimiter(firstReal);
  const header = firstReal.split(d).map((h) => h.trim().replace(/^"|"$/g, ""));
  const lower = header.map((h) => h.toLowerCase());
  if (lower.includes("timestamp") && lower.includes("elapsed")) return "request-log";
  if (lower.includes("response-time") && lower.includes("offset")) return "request-log";
  const has = (role: "time" | "throughput" | "response") => header.some((h) => matchScore(h, role) > 0);
  // A JTL without a header: epoch ms, elapsed, label, ..., success in field 8.
  const f = firstReal.split(",");
  if (f.length >= 8 && /^\d{12,14}$/.test(f[0]) && /^\d+$/.test(f[1]) && /^(true|false)$/i.test(f[7])) return "request-log";
  if (has("response") && has("time") && !has("throughput")) return "request-log";
  return "time-series";
}

/** What the extension claims, if anything. */
export function extensionFormat(file: string): InputFormat | null {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".hlog") || name.endsWith(".hdr")) return "hlog";
  if (name.endsWith(".hgrm")) return "hgrm";
  if (name.endsWith(".jtl")) return "request-log";
  return null;
}

/** The start of some bytes as text, gunzipped (as far as it goes) when they are gzip. */
export function headText(raw: Uint8Array, bytes = 65536): string {
  let buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return "";
    }
  }
  const cut = buf.length > bytes;
  let text = buf.subarray(0, bytes).toString("utf8");
  if (cut) text = text.slice(0, text.lastIndexOf("\n") + 1);
  return text;
}

/** Read the start of a file (gunzipped) as text. */
export async function readHead(file: string, bytes = 65536): Promise<string> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return headText(buf.subarray(0, bytesRead), bytes);
  } finally {
    await fh.close();
  }
}

/** Stdin made re-readable: `peek` buffers the first bytes, iteration replays them and continues. */
export function replayable(source: AsyncIterable<Buffer>) {
  const it = source[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let size = 0;
  let done = false;
  return {
    async peek(bytes: number): Promise<Buffer> {
      while (!done && size < bytes) {
        const r = await it.next();
        if (r.done) done = true;
        else {
          buffered.push(r.value);
          size += r.value.length;
        }
      }
      return Buffer.concat(buffered);
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
      for (const b of buffered) yield b;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
}

/** The format of a file's content, checked against what its extension claims. */
export function decideFormat(file: string, head: string): InputFormat {
  const sniffed = sniffFormat(head);
  const claimed = extensionFormat(file);
  if (sniffed === null) throw new DataError(hm.unknownFormat(file), { file, line: 1 });
  if (claimed !== null && claimed !== sniffed) {
    // A .jtl is a CSV: a time-series sniff of a JTL-named file still goes to the request-log reader, which checks it.
    if (claimed === "request-log" && sniffed === "time-series") return claimed;
    throw new DataError(hm.notThisFormat(formatNames[claimed], formatNames[sniffed]), { file, line: 1 });
  }
  return sniffed;
}

export async function detectFormat(file: string): Promise<InputFormat> {
  return decideFormat(file, await readHead(file));
}
