/**
 * chp against real Prometheus-compatible servers started here: Prometheus and VictoriaMetrics on
 * 127.0.0.1 (temporary config and data folders), in two parts:
 *
 *   history (prom-history.ts): 68 s of the two services' histograms five hours ago, from a known
 *     load (rising, with a pool's knee), sampled every 0.5 s -> Prometheus: blocks written by
 *     promtool before it starts; VictoriaMetrics: its import API, polled until queryable
 *     -> chp fetch|analyze|summary --prometheus (with and without --by) over it: the rows are
 *     rate() of the known counters, the pattern and headroom of 60 s at 1 s steps, the 4 h range
 *     in two queries, histogram_quantile, the escaped `--by host`, the error messages
 *   live: both servers scrape two small services every 0.5 s (two `instance` values, and a
 *     `host` label with a quote, a "<" and a bidi control) while an open-loop load generator
 *     drives each at its own rate for 8 s and logs every request -> chp fetch (with and without
 *     --by instance) counts the logged requests from the scraped rates
 *
 * The built CLI runs as a process for the main analysis and the escaped `--by host` output, the
 * same command functions in this process (runCli, output captured) for the rest. The history's
 * queries run while Prometheus has not yet scraped (some 5 s after it is ready), and the history's
 * tests while the live part runs on (the live tests come last); the test waits for the scrapes
 * and samples it needs by polling the servers, not for fixed times. Skipped, with the reason,
 * where the binaries are missing (scripts/install-test-deps.sh installs them; promtool comes
 * with Debian's prometheus).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { prometheusMessage as pm } from "../../src/messages.js";
import { chp } from "../helpers/cli.js";
import { type History, makeHistory, openMetricsFile } from "../helpers/prom-history.js";
import {
  driveLoad,
  freePort,
  hasProgram,
  importPrometheusText,
  instantQuery,
  startPrometheus,
  startService,
  startVictoriaMetrics,
  type LabService,
  type LoggedRequest,
  type MetricsServer,
  type ScrapeTarget,
  scrapesBy,
  waitForSamples,
  waitUntil,
} from "../helpers/prom-service.js";

const cli = "dist/cli/main.js";
const servers = [
  { program: "prometheus", start: (targets: ScrapeTarget[], hs: History[]) => startPrometheus(targets, scrapeSeconds, openMetricsFile(hs)) },
  { program: "victoria-metrics", start: startVictoriaMetricsWithHistory },
];
const present = servers.filter((s) => hasProgram(s.program) && (s.program !== "prometheus" || hasProgram("promtool")));

/**
 * The servers' scrape interval, and the history's sample interval. chp's rate window is 4 x the
 * scrape interval and at least the step (1 s, the shortest step chp takes): 2 s here, so the
 * waits for scrapes are short.
 */
const scrapeSeconds = 0.5;
const window = "2s";
const windowSeconds = 2;

/** Run the built CLI as a process; resolves with its exit code and output. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    // "close", not "exit": the output pipes may still hold data when the process has exited.
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same command in this process (runCli, output captured): where a call's output is what is checked, it spares a Node start and a module load per call. */
const inProcess = (args: string[]) => chp(...args);

let service: LabService | null = null;
let second: LabService | null = null;
/** The live part (runLive): the live tests wait for it; after() lets it end before it stops the servers. */
let live: Promise<void> = Promise.resolve();
const started = new Map<string, MetricsServer>();
const startErrors = new Map<string, string>();
/** Both services' requests, and each service's by its instance label (127.0.0.1:port). */
let log: LoggedRequest[] = [];
const logs = new Map<string, LoggedRequest[]>();
/** The second service's `host` label: text from the server that every output must escape. */
const oddHost = 'b"<\u202e1';
let history: History | null = null;
/** A few seconds of history across the boundary of the 4 h range's two queries. */
let boundary: History | null = null;
let liveRange: string[] = [];
let historyRange: string[] = [];
let dir = "";

/**
 * The history both servers hold before the live load: five hours ago (inside the default
 * retention, clear of Prometheus' head block), 4 s at zero, 60 s of load, 4 s still, sampled every
 * 0.5 s. Each instance's load rises linearly from 5% to 100% of its peak; its mean response is
 * flat at 20 ms and bends up at a pool's knee (8 servers) as the load nears a capacity 10% above
 * the peak: the second instance at half the first's load and capacity.
 */
function historyOf(instances: { instance: string; host: string }[]): History {
  const [a, b] = instances;
  const ramp = (peak: number) => (t: number) => peak * (0.05 + (0.95 * t) / 60);
  return makeHistory(
    [
      { ...a, rate: ramp(400), capacity: 440, servers: 8, baseSeconds: 0.02 },
      { ...b, rate: ramp(200), capacity: 220, servers: 8, baseSeconds: 0.02 },
    ],
    { first: Math.floor(Date.now() / 1000) - 5 * 3600, lead: 4, seconds: 60, tail: 4, every: scrapeSeconds, seed: 19 },
  );
}

/**
 * The 4 h range (--end at the history's last sample) is two queries, the first of 10,000 points,
 * so its second starts 4,400 s before its end: 8 s of steady load (100 and 50 req/s) across that
 * time, so rows of both queries are joined.
 */
function boundaryOf(instances: { instance: string; host: string }[], last: number): History {
  const [a, b] = instances;
  return makeHistory(
    [
      { ...a, rate: () => 100, capacity: 440, servers: 8, baseSeconds: 0.02 },
      { ...b, rate: () => 50, capacity: 220, servers: 8, baseSeconds: 0.02 },
    ],
    { first: last - longSplit - 6, lead: 2, seconds: 8, tail: 2, every: scrapeSeconds, seed: 20 },
  );
}
/** The 4 h range's length, and how long before its end its second query starts. */
const longRange = 14400;
const longSplit = 4400;

/** VictoriaMetrics scraping the targets, with the histories sent to its import API and polled until every sample is queryable. */
async function startVictoriaMetricsWithHistory(targets: ScrapeTarget[], hs: History[]): Promise<MetricsServer> {
  const server = await startVictoriaMetrics(targets, scrapeSeconds);
  try {
    await importPrometheusText(server, hs.map((h) => h.prometheusText()).join(""));
    for (const h of hs) {
      const span = Math.ceil(h.last - h.first) + 1;
      await waitForSamples(server, `sum(count_over_time({job="lab"}[${span}s]))`, (s) => s.length === 1 && s[0].value === h.samples, { time: h.last });
    }
    return server;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/**
 * What a server's rate() over the history gives at `time` (see History.rate): Prometheus 2.x reads
 * the samples in [t - w, t]; VictoriaMetrics 1.79 (seen: 183.2 = (2848 - 2390) / 2.5, not 184.5)
 * also the sample before the one at t - w.
 */
function historyRate(program: string, time: number, instance?: string, h: History = history!) {
  const from = program === "prometheus" ? time - windowSeconds : time - windowSeconds - 0.001;
  return h.rate(from, time, instance);
}

const metrics = ["http_request_duration_seconds", "http_server_requests_seconds"];
type Part = "live" | "history";
const csvOf = (program: string, part: Part, metric: string) => join(dir, `${program}-${part}-${metric}.csv`);
const longOf = (program: string) => join(dir, `${program}-long.csv`);
const spanOf = (program: string) => join(dir, `${program}-span.csv`);
const byOf = (program: string, part: Part) => join(dir, `${program}-${part}-by-instance.csv`);
type Ran = Awaited<ReturnType<typeof run>>;

/** Every CLI call over the history, and the error cases (they need the series, not the load): started together once the server holds the history. */
function queryHistory(program: string, server: MetricsServer) {
  const range = historyRange;
  const fetched = metrics.map((metric) =>
    inProcess(["fetch", "--prometheus", server.url, "--metric", metric, ...range, "-o", csvOf(program, "history", metric)]),
  );
  const byFetched = inProcess(["fetch", "--prometheus", server.url, "--metric", metrics[0], "--by", "instance", ...range, "-o", byOf(program, "history")]);
  const main = Promise.all([
    ...fetched,
    // A 4 h range at 1 s is 14,400 points: two queries, joined on time; and the part of it that
    // holds samples (the boundary's and the history's), 4,406 points, in one query.
    ...[
      [history!.last - longRange, longOf(program)],
      [boundary!.first, spanOf(program)],
    ].map(([from, csv]) =>
      inProcess([
        "fetch",
        "--prometheus",
        server.url,
        "--metric",
        metrics[0],
        "--start",
        String(from),
        "--end",
        String(history!.last),
        "--step",
        "1s",
        "-o",
        String(csv),
      ]),
    ),
    // The built CLI as a process: the main analysis.
    run(["analyze", "--prometheus", server.url, "--metric", metrics[0], ...range]),
    inProcess(["analyze", "--prometheus", server.url, "--metric", "http_server_requests_seconds", "--response", "p95", ...range]),
    inProcess([
      "summary",
      "--prometheus",
      server.url,
      "--throughput",
      "sum(rate(http_request_duration_seconds_count[4s]))",
      "--response",
      "sum(rate(http_request_duration_seconds_sum[4s])) / sum(rate(http_request_duration_seconds_count[4s]))",
      ...range,
      "--json",
    ]),
    // --by: one series per instance (and per host), their total.
    byFetched,
    inProcess(["analyze", "--prometheus", server.url, "--metric", metrics[0], "--by", "instance", ...range]),
    // A process again: the host value's escaping as the terminal gets it.
    run(["analyze", "--prometheus", server.url, "--metric", metrics[1], "--response", "p95", "--by", "host", ...range]),
    // The saved CSVs analysed offline (here, so this process's work is done before the live load).
    fetched[0].then(() => inProcess(["analyze", csvOf(program, "history", metrics[0])])),
    byFetched.then(() => inProcess(["analyze", byOf(program, "history"), "--by", "instance"])),
  ]).then(([fetchedA, fetchedB, fetchedLong, fetchedSpan, live, p95, given, byFetch, byLive, byP95, offline, byOffline]) => ({
    fetchedA,
    fetchedB,
    fetchedLong,
    fetchedSpan,
    live,
    p95,
    given,
    byFetch,
    byLive,
    byP95,
    offline,
    byOffline,
  }));
  const errors = Promise.all([
    inProcess(["analyze", "--prometheus", server.url, "--throughput", "sum(rate(x[4s])", "--response", "1", ...range]),
    inProcess(["analyze", "--prometheus", server.url, "--throughput", "sum(rate(no_such_total[4s]))", "--response", "1", ...range]),
    inProcess(["analyze", "--prometheus", server.url, "--metric", "no_such_seconds", ...range]),
    inProcess(["analyze", "--prometheus", `${server.url}/no/such/prefix`, "--throughput", "up", "--response", "up", ...range]),
    // --by a label the series lack; given queries whose series lack it.
    inProcess(["analyze", "--prometheus", server.url, "--metric", metrics[0], "--by", "pod", ...range]),
    inProcess([
      "analyze",
      "--prometheus",
      server.url,
      "--throughput",
      "sum(rate(http_request_duration_seconds_count[4s]))",
      "--response",
      "sum(rate(http_request_duration_seconds_sum[4s])) / sum(rate(http_request_duration_seconds_count[4s]))",
      "--by",
      "instance",
      ...range,
    ]),
  ]);
  return { main, errors };
}
type HistoryMain =
  | "fetchedA"
  | "fetchedB"
  | "fetchedLong"
  | "fetchedSpan"
  | "live"
  | "p95"
  | "given"
  | "byFetch"
  | "byLive"
  | "byP95"
  | "offline"
  | "byOffline";
const historyBatches = new Map<string, { main: Promise<Record<HistoryMain, Ran>>; errors: Promise<Ran[]> }>();

/** The fetches over the live load's range (they are independent). */
function queryLive(program: string, server: MetricsServer) {
  return Promise.all([
    ...metrics.map((metric) => inProcess(["fetch", "--prometheus", server.url, "--metric", metric, ...liveRange, "-o", csvOf(program, "live", metric)])),
    inProcess(["fetch", "--prometheus", server.url, "--metric", metrics[0], "--by", "instance", ...liveRange, "-o", byOf(program, "live")]),
  ]).then(([fetchedA, fetchedB, byFetch]) => ({ fetchedA, fetchedB, byFetch }));
}
const liveBatches = new Map<string, Promise<Record<"fetchedA" | "fetchedB" | "byFetch", Ran>>>();

/** The load's seconds and rates per service: a few hundred requests a second for a few seconds, thousands of requests. */
const loadSeconds = 8;
const loadRates = [200, 100];

/**
 * The live part, started by before() once the servers hold the history and run on while the
 * history's tests do: the load on the services, the waits for its scrapes, and the live queries.
 */
async function runLive(service: LabService, second: LabService, targets: { address: string }[]): Promise<void> {
  /** Wait on every server that started; one that never gets there is reported by its tests (and stopped in after()). */
  const onEachServer = <T>(wait: (server: MetricsServer) => Promise<T>): Promise<(T | undefined)[]> =>
    Promise.all(
      [...started].map(([program, server]) =>
        wait(server).catch(async (e: unknown) => {
          started.delete(program);
          startErrors.set(program, String(e));
          await server.stop();
          return undefined;
        }),
      ),
    );
  // Each server has scraped each service at zero before the load, so the rate over the first
  // requests is whole (Prometheus starts scraping some 5 s after it is ready). The history's
  // queries run meanwhile and end before the load starts: the in-process ones share this event
  // loop with the load generator and the services, and stalled the load into bursts (570 req/s
  // in a second of a 200 req/s load, with two other test files on the 2 cores).
  await onEachServer((server) => waitUntil(() => scrapesBy(service, server) > 0 && scrapesBy(second, server) > 0, `${server.name} scraping`));
  await Promise.all([...historyBatches.values()].map((b) => Promise.all([b.main, b.errors])));
  const start = Math.floor(Date.now() / 1000);
  // Open-loop load on both services at once, each at its own steady rate: two instances of different counts.
  const [first, other] = await Promise.all([driveLoad(service.port, loadSeconds, () => loadRates[0]), driveLoad(second.port, loadSeconds, () => loadRates[1])]);
  logs.set(targets[0].address, first);
  logs.set(targets[1].address, other);
  log = [...first, ...other];
  // Wait until each server holds every answered request (the services count a request before
  // they answer it): the samples that hold them are at or before each server's latest sample
  // then, so every rate has fallen back to zero a rate window (2 s) later. The range runs that
  // far, and the servers are waited on until they hold samples past its end.
  const answered = log.filter((l) => l.ok).length;
  const latest = await onEachServer(async (server) => {
    await waitForSamples(server, `sum(${metrics[0]}_count)`, (s) => s.length === 1 && s[0].value >= answered);
    return (await instantQuery(server, `max(timestamp(${metrics[0]}_count))`, Date.now() / 1000))[0].value;
  });
  const end = Math.ceil(Math.max(...latest.filter((t): t is number => t !== undefined)) + windowSeconds);
  await onEachServer((server) => waitForSamples(server, `max(timestamp(${metrics[0]}_count))`, (s) => s.length === 1 && s[0].value >= end));
  liveRange = ["--start", String(start), "--end", String(end), "--step", "1s"];
  for (const [program, server] of started) liveBatches.set(program, queryLive(program, server));
}

/** The unreachable server's call, started with the others (it needs none of them). */
let unreachable: Promise<{ port: number; r: Ran }> | null = null;

before(async () => {
  unreachable = freePort().then(async (port) => ({
    port,
    r: await run(["analyze", "--prometheus", `http://127.0.0.1:${port}`, "--throughput", "up", "--response", "up", "--start=-5m"]),
  }));
  if (present.length === 0) return;
  dir = mkdtempSync(join(tmpdir(), "chp-prom-live-"));
  service = await startService(2, 2, 6);
  second = await startService(2, 2, 6);
  const targets = [
    { address: `127.0.0.1:${service.port}`, labels: { host: "a" } },
    { address: `127.0.0.1:${second.port}`, labels: { host: oddHost } },
  ];
  const instances = targets.map((t) => ({ instance: t.address, host: t.labels.host }));
  history = historyOf(instances);
  boundary = boundaryOf(instances, history.last);
  historyRange = ["--start", String(history.first), "--end", String(history.last), "--step", "1s"];
  const results = await Promise.allSettled(present.map((s) => s.start(targets, [boundary!, history!])));
  results.forEach((r, i) => {
    if (r.status === "fulfilled") started.set(present[i].program, r.value);
    else startErrors.set(present[i].program, String(r.reason));
  });
  for (const [program, server] of started) historyBatches.set(program, queryHistory(program, server));
  live = runLive(service, second, targets);
  // Its failure is the live tests' (they await it); this keeps it from being an unhandled rejection meanwhile.
  live.catch(() => {});
});

after(async () => {
  await live.catch(() => {});
  await Promise.all([...started.values()].map((s) => s.stop()));
  await service?.close();
  await second?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CSV chp fetch wrote: its rows as numbers (an empty cell is NaN). */
function readCsv(path: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = readFileSync(path, "utf8").trimEnd().split("\n");
  return { header: head.split(","), rows: lines.map((l) => l.split(",").map((c) => (c === "" ? NaN : Number(c)))) };
}

/** Close to `expected`: relative 1e-9 (the servers sum and divide in their own order), both NaN, or both 0. */
const near = (actual: number, expected: number) =>
  Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected)) || Math.abs(actual - expected) <= 1e-9 * Math.abs(expected);

/** The whole seconds of the history's range (--start first --end last at 1 s) at which rate() has samples: all but its first. */
const historyTimes = () => Array.from({ length: history!.last - history!.first }, (_, k) => history!.first + 1 + k);

/** The server that started, or why the test is skipped; a failed start fails the test. */
function serverOf(program: string, t: { skip(message: string): void }): MetricsServer | null {
  if (!present.some((s) => s.program === program)) {
    t.skip(`${program} (or promtool) not on PATH: scripts/install-test-deps.sh installs it`);
    return null;
  }
  const server = started.get(program);
  assert.ok(server, `${program} did not start: ${startErrors.get(program)}`);
  return server;
}

for (const { program } of servers) {
  test(`${program}: chp fetch --prometheus over backfilled history gives rate() of the known counters at every second, and every request; the 4 h range in two queries the same rows`, async (t) => {
    const server = serverOf(program, t);
    if (!server) return;
    const h = history!;
    const { fetchedA, fetchedB, fetchedLong, fetchedSpan } = await historyBatches.get(program)!.main;
    const requests = [...h.totals.values()].reduce((a, b) => a + b, 0);
    for (const [metric, fetched] of [
      [metrics[0], fetchedA],
      [metrics[1], fetchedB],
    ] as const) {
      assert.equal(fetched.code, 0, fetched.stderr);
      const { header, rows } = readCsv(csvOf(program, "history", metric));
      assert.deepEqual(header, ["time", "throughput_rps", "response_mean_s"]);
      assert.deepEqual(
        rows.map((r) => r[0]),
        historyTimes(),
      );
      for (const [time, x, y] of rows) {
        const want = historyRate(program, time);
        assert.ok(near(x, want.count), `${program} ${metric} at ${time}: throughput ${x}, the counters' ${want.count}`);
        assert.ok(near(y, want.sum / want.count), `${program} ${metric} at ${time}: mean response ${y}, the counters' ${want.sum / want.count}`);
      }
      // The request count: throughput x the step (1 s), summed. Prometheus' rates over [t - 2 s, t]
      // at every second sum to the counters' whole increase; VictoriaMetrics' over 2.5 s count the
      // half-second slots 0.8 or 1.2 times: within one step at the peak rate.
      const counted = rows.reduce((s, r) => s + r[1], 0);
      const peak = Math.max(...rows.map((r) => r[1]));
      if (program === "prometheus") assert.ok(near(counted, requests), `${counted} requests from the rates, ${requests} in the history`);
      else assert.ok(Math.abs(counted - requests) <= peak, `${counted} requests from the rates, ${requests} in the history (peak ${peak}/s)`);
      t.diagnostic(
        `${program} ${metric}: ${rows.length} rows, ${counted.toFixed(1)} requests from the rates, ${requests} in the history, peak ${peak.toFixed(1)} req/s`,
      );
      const about = JSON.parse(readFileSync(`${csvOf(program, "history", metric)}.json`, "utf8"));
      assert.equal(about.source.window.seconds, 2, "4 x the history's 0.5 s sample interval");
    }
    // The long range, queried in two chunks and joined on time, holds the same rows as its part
    // with samples in one query, rows of both chunks among them, and the history's rows as
    // fetched alone: the same text from Prometheus. VictoriaMetrics' rollups may differ in the last
    // bits between one query and two (seen: 0.324693065642829 and 0.3246930656428288), so there
    // the same times and header, and numbers equal to 1e-12.
    assert.equal(fetchedLong.code, 0, fetchedLong.stderr);
    assert.equal(fetchedSpan.code, 0, fetchedSpan.stderr);
    assert.equal(JSON.parse(readFileSync(`${longOf(program)}.json`, "utf8")).source.step, 1);
    const split = h.last - longSplit;
    const long = readCsv(longOf(program));
    assert.ok(
      long.rows.some((r) => r[0] < split && r[1] > 0) && long.rows.some((r) => r[0] >= split && r[0] < h.first && r[1] > 0),
      `requests in rows of both queries (the second from ${split})`,
    );
    const span = readCsv(spanOf(program));
    const one = readCsv(csvOf(program, "history", metrics[0]));
    const sameRows = (a: { header: string[]; rows: number[][] }, b: { header: string[]; rows: number[][] }, what: string) => {
      assert.deepEqual(a.header, b.header);
      assert.deepEqual(
        a.rows.map((r) => r[0]),
        b.rows.map((r) => r[0]),
        what,
      );
      a.rows.forEach((r, i) =>
        r.forEach((v, j) => {
          const w = b.rows[i][j];
          assert.ok(Object.is(v, w) || Math.abs(v - w) <= 1e-12 * Math.abs(w), `${what}: row ${i} column ${j}: ${v} and ${w}`);
        }),
      );
    };
    // The boundary's rows are rate() of its counters too: at every second of it but its first, and
    // as long after it as the server still has two samples in a window (zero by then).
    const boundaryRows = span.rows.filter((r) => r[0] < h.first);
    assert.deepEqual(
      boundaryRows.map((r) => r[0]).filter((t) => t <= boundary!.last),
      Array.from({ length: boundary!.last - boundary!.first }, (_, k) => boundary!.first + 1 + k),
    );
    for (const [time, x, y] of boundaryRows) {
      const want = historyRate(program, time, undefined, boundary!);
      assert.ok(
        near(x, want.count) && near(y, want.sum / want.count),
        `${program} boundary at ${time}: ${x}, ${y}; the counters' ${want.count}, ${want.sum / want.count}`,
      );
    }
    const historyPart = { header: span.header, rows: span.rows.filter((r) => r[0] >= h.first) };
    if (program === "prometheus") {
      assert.equal(readFileSync(longOf(program), "utf8"), readFileSync(spanOf(program), "utf8"));
      const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");
      assert.deepEqual(
        lines(spanOf(program)).filter((l, i) => i === 0 || Number(l.split(",")[0]) >= h.first),
        lines(csvOf(program, "history", metrics[0])),
      );
    } else {
      sameRows(long, span, "two queries and one");
      sameRows(historyPart, one, "the history's rows in the span and alone");
    }
  });

  test(`${program}: chp analyze --prometheus over backfilled history gives the pattern of its shape with evidence and a headroom, repeated offline from the saved CSV`, async (t) => {
    const server = serverOf(program, t);
    if (!server) return;
    const { live, p95, given, offline } = await historyBatches.get(program)!.main;
    assert.equal(live.code, 0, live.stderr);
    const report = JSON.parse(live.stdout);
    // The history's mean response is flat, then bends up at a pool's knee near the top: the
    // classifier's well-behaved (scored 1, the others 0, on these counters' rates), its evidence
    // saying so.
    assert.equal(report.pattern?.label, "well-behaved", `a pattern: ${JSON.stringify(report.pattern)}`);
    assert.ok(report.pattern.evidence.length > 0, "evidence");
    assert.ok(report.headroom && typeof report.headroom.statement === "string", "a headroom");
    assert.equal(report.units.response, "s");
    t.diagnostic(`${program}: ${report.rows} rows, pattern ${report.pattern.label} ${JSON.stringify(report.pattern.scores)}; ${report.headroom.statement}`);
    // The saved CSV repeats the analysis offline: the same numbers.
    assert.equal(offline.code, 0, offline.stderr);
    const { file: _a, source: _s, ...liveNumbers } = report;
    const { file: _b, ...offlineNumbers } = JSON.parse(offline.stdout);
    assert.deepEqual(offlineNumbers, liveNumbers);

    // A percentile from the buckets: histogram_quantile, said to interpolate.
    assert.equal(p95.code, 0, p95.stderr);
    const r = JSON.parse(p95.stdout);
    assert.equal(r.source.queries.response, `histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket[${window}])))`);
    assert.deepEqual(r.source.notes, [pm.quantileNote()]);
    assert.equal(r.columns.response, "response_p95_s");
    // Queries given as PromQL.
    assert.equal(given.code, 0, given.stderr);
    assert.equal(JSON.parse(given.stdout).throughput.n, report.rows);
  });

  test(`${program}: --by instance over backfilled history gives each instance its counters' rates, a pattern and a headroom; --by host escapes the odd value`, async (t) => {
    const server = serverOf(program, t);
    if (!server) return;
    const { byFetch, byLive, byP95, live, p95: plainP95Ran, byOffline: offline } = await historyBatches.get(program)!.main;
    assert.equal(byFetch.code, 0, byFetch.stderr);
    const [head, ...lines] = readFileSync(byOf(program, "history"), "utf8").trimEnd().split("\n");
    assert.equal(head, "time,instance,throughput_rps,response_mean_s");
    const instances = history!.instances.map((i) => i.instance);
    const times = new Map<string, number[]>();
    for (const line of lines) {
      const [time, instance, x, y] = line.split(",");
      times.set(instance, [...(times.get(instance) ?? []), Number(time)]);
      // Each instance's rows are its own counters' rates; the total's (instance empty) all of theirs.
      const want = historyRate(program, Number(time), instance === "" ? undefined : instance);
      const [gotX, gotY] = [x === "" ? NaN : Number(x), y === "" ? NaN : Number(y)];
      assert.ok(near(gotX, want.count), `${program} ${instance} at ${time}: throughput ${x}, the counters' ${want.count}`);
      assert.ok(near(gotY, want.sum / want.count), `${program} ${instance} at ${time}: mean response ${y}, the counters' ${want.sum / want.count}`);
    }
    assert.deepEqual([...times.keys()].sort(), ["", ...instances].sort());
    for (const [instance, at] of times) assert.deepEqual(at, historyTimes(), `the times of ${instance || "the total"}`);

    // analyze --by: the total as without --by (a mean's total is the throughput-weighted mean), each instance apart.
    assert.equal(byLive.code, 0, byLive.stderr);
    const report = JSON.parse(byLive.stdout);
    assert.deepEqual(Object.keys(report.by.values).sort(), [...instances].sort());
    assert.equal(report.rows, JSON.parse(live.stdout).rows);
    for (const [instance, r] of Object.entries(report.by.values) as [string, { pattern: { label: string; scores: unknown } | null; headroom: unknown }][]) {
      assert.ok(r.pattern && r.headroom, "each instance has a pattern and a headroom");
      // Each instance's history has the total's shape (the second at half the load and capacity):
      // well-behaved too (scored 1, the others 0, at either instance's rates).
      assert.equal(r.pattern.label, "well-behaved", `${instance}: ${JSON.stringify(r.pattern)}`);
      t.diagnostic(`${program} ${instance}: pattern ${r.pattern.label} ${JSON.stringify(r.pattern.scores)}`);
    }
    // The long CSV read back offline gives the same per-instance and total numbers.
    assert.equal(offline.code, 0, offline.stderr);
    const { file: _a, source: _s, ...liveNumbers } = report;
    const { file: _b, ...offlineNumbers } = JSON.parse(offline.stdout);
    assert.deepEqual(offlineNumbers, liveNumbers);

    // A percentile by host (a label value with a quote, a "<" and a bidi control): per host from
    // sum by (host, le); the total from the buckets summed over every host, as without --by.
    assert.equal(byP95.code, 0, byP95.stderr);
    const p95 = JSON.parse(byP95.stdout);
    assert.equal(p95.source.queries.response, `histogram_quantile(0.95, sum by (host, le) (rate(${metrics[1]}_bucket[${window}])))`);
    assert.equal(p95.source.by.total.response, `histogram_quantile(0.95, sum by (le) (rate(${metrics[1]}_bucket[${window}])))`);
    const plainP95 = JSON.parse(plainP95Ran.stdout);
    assert.deepEqual(p95.responseHist, plainP95.responseHist, "the total's p95 is the query without --by's");
    assert.deepEqual(Object.keys(p95.by.values).sort(), ["a", oddHost]);
    // The JSON escapes the value: the quote as JSON does, the bidi control as \u202e (never raw).
    assert.ok(byP95.stdout.includes('"b\\"<\\u202e1": {'), byP95.stdout.slice(0, 400));
    assert.ok(!byP95.stdout.includes("\u202e"), "no raw bidi control in the JSON");
  });

  test(`${program}: a PromQL error is the server's message, an empty result names the query, a missing metric says so (exit 3)`, async (t) => {
    const server = serverOf(program, t);
    if (!server) return;
    const [bad, empty, missing, wrongPrefix, noLabel, notSplit] = await historyBatches.get(program)!.errors;
    assert.equal(bad.code, 3, bad.stderr);
    assert.match(bad.stderr, /^chp: the server rejected the query sum\(rate\(x\[4s\]\): .+\n$/);
    assert.equal(empty.code, 3, empty.stderr);
    assert.match(empty.stderr, /^chp: the query sum\(rate\(no_such_total\[4s\]\)\) gave no series over .* \(empty result\)\n$/);
    assert.equal(missing.code, 3, missing.stderr);
    assert.equal(missing.stderr, `chp: ${pm.noMetric("no_such_seconds_count", server.url)}\n`);
    // A URL that is no API (a wrong path prefix): the HTTP status, one line.
    assert.equal(wrongPrefix.code, 3, wrongPrefix.stderr);
    assert.match(
      wrongPrefix.stderr,
      /^chp: the Prometheus server at http:\/\/127\.0\.0\.1:\d+\/no\/such\/prefix\/api\/v1\/query_range answered HTTP 4\d\d[^\n]*\n$/,
    );
    // --by a label the series lack: the query and the labels it gave, one line.
    assert.equal(noLabel.code, 3, noLabel.stderr);
    assert.match(
      noLabel.stderr,
      /^chp: --by pod: the query sum by \(pod\) \(rate\(http_request_duration_seconds_count\[2s\]\)\) gives series without the label pod \("\{\}"\): aggregate it by \(pod\)\n$/,
    );
    assert.equal(notSplit.code, 3, notSplit.stderr);
    assert.match(
      notSplit.stderr,
      /^chp: --by instance: the query sum\(rate\(http_request_duration_seconds_count\[4s\]\)\) gives series without the label instance \("\{\}"\)/,
    );
  });
}

// The live tests last: the live part runs on while the history's tests check their answers.
for (const { program } of servers) {
  test(`${program}: chp fetch --prometheus over live scrapes counts the load generator's requests, per metric`, async (t) => {
    await live;
    const server = serverOf(program, t);
    if (!server) return;
    const ok = log.filter((l) => l.ok).length;
    for (const [instance, own] of logs) {
      const okOwn = own.filter((l) => l.ok).length;
      assert.ok(okOwn > 500, `the load generator logged ${okOwn} successful requests to ${instance}`);
    }
    const { fetchedA, fetchedB } = await liveBatches.get(program)!;
    for (const [metric, fetched] of [
      [metrics[0], fetchedA],
      [metrics[1], fetchedB],
    ] as const) {
      assert.equal(fetched.code, 0, fetched.stderr);
      const { header, rows } = readCsv(csvOf(program, "live", metric));
      assert.deepEqual(header, ["time", "throughput_rps", "response_mean_s"]);
      // The request count over the range: throughput (a per-second rate) x the step (1 s), summed.
      const counted = rows.reduce((s, r) => s + (Number.isNaN(r[1]) ? 0 : r[1]), 0);
      const peak = Math.max(...rows.map((r) => (Number.isNaN(r[1]) ? 0 : r[1])));
      // Within one step's worth of requests (1 s at the peak rate).
      assert.ok(Math.abs(counted - ok) <= peak * 1, `${program} ${metric}: ${counted} requests from the rates, ${ok} in the log (peak ${peak}/s)`);
      t.diagnostic(`${program} ${metric}: ${counted.toFixed(1)} requests from the rates, ${ok} in the log, peak ${peak.toFixed(1)} req/s`);
      const about = JSON.parse(readFileSync(`${csvOf(program, "live", metric)}.json`, "utf8"));
      assert.equal(about.source.server, server.url);
      assert.equal(about.source.queries.throughput, `sum(rate(${metric}_count[${window}]))`);
      assert.equal(about.source.window.seconds, 2, "4 x the 0.5 s scrape interval");
    }
  });

  test(`${program}: --by instance over live scrapes gives one series per service whose counts match its load generator's log, and whose sum is the total`, async (t) => {
    await live;
    const server = serverOf(program, t);
    if (!server) return;
    const { byFetch } = await liveBatches.get(program)!;
    assert.equal(byFetch.code, 0, byFetch.stderr);
    // The long CSV: time,instance,throughput_rps,response_mean_s; the total's rows have the instance empty.
    const [head, ...lines] = readFileSync(byOf(program, "live"), "utf8").trimEnd().split("\n");
    assert.equal(head, "time,instance,throughput_rps,response_mean_s");
    const counts = new Map<string, { count: number; peak: number }>();
    for (const line of lines) {
      const [, instance, x] = line.split(",");
      const c = counts.get(instance) ?? { count: 0, peak: 0 };
      counts.set(instance, c);
      const v = x === "" ? 0 : Number(x);
      c.count += v; // a per-second rate at a 1 s step: requests in that second
      c.peak = Math.max(c.peak, v);
    }
    assert.deepEqual([...counts.keys()].sort(), ["", ...[...logs.keys()].sort()]);
    const total = counts.get("")!;
    let summed = 0;
    for (const [instance, own] of logs) {
      const c = counts.get(instance)!;
      const okOwn = own.filter((l) => l.ok).length;
      // Within one step's worth of that service's requests (1 s at its peak rate).
      assert.ok(Math.abs(c.count - okOwn) <= c.peak, `${program} ${instance}: ${c.count} requests from the rates, ${okOwn} in its log (peak ${c.peak}/s)`);
      t.diagnostic(`${program} instance ${instance}: ${c.count.toFixed(1)} requests from the rates, ${okOwn} in its log, peak ${c.peak.toFixed(1)} req/s`);
      summed += c.count;
    }
    // The total is the sum per time: the same count, and the same as the query without --by.
    assert.ok(Math.abs(total.count - summed) < 1e-6 * summed, `total ${total.count}, instances summed ${summed}`);
    const plain = readCsv(csvOf(program, "live", metrics[0])).rows.reduce((n, r) => n + (Number.isNaN(r[1]) ? 0 : r[1]), 0);
    assert.ok(Math.abs(total.count - plain) < 1e-6 * plain, `total ${total.count}, sum(rate(...)) without --by ${plain}`);
    t.diagnostic(
      `${program}: total ${total.count.toFixed(1)} requests (instances summed ${summed.toFixed(1)}; without --by ${plain.toFixed(1)}; both logs ${log.filter((l) => l.ok).length})`,
    );
    // The total's mean response, weighted by the instances' throughputs, is the server's sum(rate(_sum)) / sum(rate(_count)).
    const plainRows = new Map(readCsv(csvOf(program, "live", metrics[0])).rows.map((r) => [r[0], r[2]]));
    let compared = 0;
    let busy = 0;
    for (const line of lines) {
      const [time, instance, x, y] = line.split(",");
      if (instance !== "") continue;
      if (x !== "" && Number(x) > 0) busy++;
      if (y === "") continue;
      const server = plainRows.get(Number(time))!;
      assert.ok(Math.abs(Number(y) - server) <= 1e-9 * server, `at ${time}: weighted mean ${y}, the server's ${server}`);
      compared++;
    }
    // Every time with requests has a mean, and the load gave most of its seconds some.
    assert.ok(compared === busy && compared >= loadSeconds / 2, `${compared} times compared, ${busy} with requests`);
    const about = JSON.parse(readFileSync(`${byOf(program, "live")}.json`, "utf8"));
    assert.equal(about.source.queries.throughput, `sum by (instance) (rate(${metrics[0]}_count[${window}]))`);
    assert.equal(about.source.by.label, "instance");
  });
}

test("an unreachable server: one line with the URL and the cause, exit 3", async () => {
  const { port, r } = await unreachable!;
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`^chp: cannot reach the Prometheus server at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\n$`));
});
