/**
 * npm run lab -- --pattern NAME [--minutes M] [--out DIR] [--seed S] [--interval SECONDS]
 *                [--max-in-flight N] [--priority P] [--set KEY=VALUE ...]
 *
 * Starts the lab service of one pattern on 127.0.0.1, drives it with the open-loop load of that
 * pattern (a compressed daily cycle) for M minutes (default 3), and writes into DIR (default
 * lab-out):
 *   NAME.requests.csv  the per-request log: timestamp (epoch ms at the response's end), latency_ms, success
 *   NAME.csv           the same aggregated by chp's own reader into intervals (default 1 s):
 *                      timestamp (interval start, epoch s), throughput (successful req/s), response_ms (mean)
 *   NAME.metrics.txt   the service's /metrics at the end of the run (Prometheus text format)
 *   NAME.run.json      the command, parameters, configured capacity, load, what the mechanism did and
 *                      the lab's own overhead (timer lateness, send lag)
 * Patterns: well-behaved, lock-contention, oscillating, looping-autoscaled, and no-delay (answers at
 * once: the lab's overhead). --set changes a mechanism parameter (e.g. --set servers=4).
 * --priority sets the process's scheduling priority (nice value; negative needs root): on a machine
 * busy with other work a timer-driven service is only as punctual as the scheduler lets it be, and
 * the run records how late its timers fired either way.
 */
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadInputs } from "../../src/load/load-inputs.js";
import { seriesOf } from "../../src/report/series.js";
import { runLoad } from "./load.js";
import { isLabPattern, type LabParams, labPatterns, patternDefs } from "./patterns.js";
import { dailyRate } from "./profile.js";
import { requestLogHeader, requestLogLine } from "./request-log.js";
import { startLabService } from "./service.js";

function fail(text: string): never {
  process.stderr.write(`lab: ${text}\n`);
  process.exit(2);
}

function quantileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

function parsed() {
  try {
    return parseArgs({
      options: {
        pattern: { type: "string" },
        minutes: { type: "string", default: "3" },
        out: { type: "string", default: "lab-out" },
        seed: { type: "string", default: "1" },
        interval: { type: "string", default: "1" },
        "max-in-flight": { type: "string", default: "1000" },
        priority: { type: "string" },
        set: { type: "string", multiple: true, default: [] },
      },
    });
  } catch (e) {
    return fail((e as Error).message.split("\n")[0] + " (a negative number goes as --priority=-10)");
  }
}
const { values } = parsed();
const pattern = values.pattern ?? fail(`--pattern is required: one of ${labPatterns.join(", ")}`);
if (!isLabPattern(pattern)) fail(`unknown pattern "${pattern}": expected one of ${labPatterns.join(", ")}`);
const minutes = Number(values.minutes);
if (!(minutes > 0 && minutes <= 30)) fail(`--minutes must be a number in (0, 30], not "${values.minutes}"`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, not "${values.seed}"`);
const interval = Number(values.interval);
if (!(interval > 0)) fail(`--interval must be a positive number of seconds, not "${values.interval}"`);
const maxInFlight = Number(values["max-in-flight"]);
if (!(Number.isInteger(maxInFlight) && maxInFlight > 0 && maxInFlight <= 5000)) fail(`--max-in-flight must be an integer in 1..5000`);
if (values.priority !== undefined) {
  const priority = Number(values.priority);
  if (!(Number.isInteger(priority) && priority >= -20 && priority <= 19)) fail(`--priority must be an integer in -20..19, not "${values.priority}"`);
  try {
    setPriority(priority);
  } catch (e) {
    fail(`--priority ${priority}: ${(e as Error).message}`);
  }
}
const params: LabParams = {};
for (const kv of values.set as string[]) {
  const m = /^([A-Za-z]+)=(.+)$/.exec(kv);
  if (!m) fail(`--set takes KEY=VALUE, not "${kv}"`);
  const v = m[2].includes(",") ? m[2].split(",").map(Number) : Number(m[2]);
  if ([v].flat().some((x) => !Number.isFinite(x))) fail(`--set ${m[1]}: not a number or list of numbers: "${m[2]}"`);
  (params as Record<string, unknown>)[m[1]] = v;
}
const known = patternDefs[pattern].params({});
for (const k of Object.keys(params))
  if (!(k in known)) fail(`--set ${k}: ${pattern} has no such parameter (it has: ${Object.keys(known).join(", ") || "none"})`);

const out = values.out!;
mkdirSync(out, { recursive: true });
const def = patternDefs[pattern];
const durationSeconds = minutes * 60;
const service = await startLabService({ pattern, params, seed });
const requestsFile = join(out, `${pattern}.requests.csv`);
const log = createWriteStream(requestsFile + ".tmp");
log.write(requestLogHeader);
let lines: string[] = [];
const flush = () => {
  if (lines.length) log.write(lines.join(""));
  lines = [];
};
const started = new Date();
process.stderr.write(`lab: ${pattern} at ${service.url} for ${minutes} min (configured capacity ${service.capacity ?? "none"} req/s)\n`);
let result: Awaited<ReturnType<typeof runLoad>>;
let metricsText: string;
try {
  result = await runLoad({
    url: service.url,
    rate: (t) => dailyRate(def.load, durationSeconds, t),
    durationSeconds,
    maxInFlight,
    seed,
    onRecord(r) {
      lines.push(requestLogLine(r));
      if (lines.length >= 4096) flush();
    },
  });
  metricsText = await service.metrics();
} finally {
  await service.close();
}
flush();
await new Promise<void>((resolve, reject) => log.end((e?: Error | null) => (e ? reject(e) : resolve())));
renameSync(requestsFile + ".tmp", requestsFile);

// The per-interval series, aggregated by chp's own per-request reader.
const input = await loadInputs(requestsFile, { interval });
const series = seriesOf(input, { response: "mean" });
const rows = ["timestamp,throughput,response_ms"];
for (let i = 0; i < series.rows; i++) {
  const y = series.response[i];
  rows.push(`${series.time![i]},${series.throughput[i].toFixed(3)},${Number.isFinite(y) ? y.toFixed(3) : "NA"}`);
}
const seriesFile = join(out, `${pattern}.csv`);
writeFileSync(seriesFile + ".tmp", rows.join("\n") + "\n");
renameSync(seriesFile + ".tmp", seriesFile);
const metricsFile = join(out, `${pattern}.metrics.txt`);
writeFileSync(metricsFile + ".tmp", metricsText);
renameSync(metricsFile + ".tmp", metricsFile);

const late = service.timerLateness();
const description = {
  command: `npm run lab -- ${process.argv.slice(2).join(" ")}`,
  pattern,
  started: started.toISOString(),
  minutes,
  seed,
  priority: values.priority === undefined ? null : Number(values.priority),
  intervalSeconds: interval,
  params: service.params,
  configuredCapacity: service.capacity,
  capacityMeaning: def.capacityMeaning,
  load: { ...def.load, maxInFlight, arrivals: "Poisson" },
  mechanism: service.stats(),
  requests: result,
  intervals: series.rows,
  overhead: {
    timerLatenessMs: { n: late.length, p50: quantileOf(late, 0.5), p99: quantileOf(late, 0.99), max: quantileOf(late, 1) },
    sendLagMs: result.sendLagMs,
  },
};
const runFile = join(out, `${pattern}.run.json`);
writeFileSync(runFile + ".tmp", JSON.stringify(description, null, 2) + "\n");
renameSync(runFile + ".tmp", runFile);
process.stdout.write(JSON.stringify(description, null, 2) + "\n");
