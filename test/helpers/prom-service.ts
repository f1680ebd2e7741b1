/**
 * A small HTTP service on 127.0.0.1 that exports its latency the two usual ways (a prom-client
 * Registry: `http_request_duration_seconds`, the Prometheus client libraries' name, and
 * `http_server_requests_seconds` with Micrometer's labels), an open-loop load generator that logs
 * every request, and Prometheus / VictoriaMetrics started on loopback to scrape it (every second,
 * or as often as the caller asks), with an instant query to poll them until samples have arrived.
 * History goes in before the test needs it: into Prometheus' data folder as blocks (promtool)
 * before it starts, into VictoriaMetrics through its import API.
 *
 * Requests wait for one of `slots` slots and hold it for a random few milliseconds (a timer, not
 * CPU), so the response time rises as the offered rate nears slots / mean service time.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Histogram, Registry } from "prom-client";

export interface LabService {
  port: number;
  /** How many times each scraper (by its User-Agent) has fetched /metrics. */
  scrapes: Map<string, number>;
  close(): Promise<void>;
}

/** The histograms' bucket bounds, seconds (their `le` labels print them as JavaScript does). */
export const bucketBounds = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1];

/** The two histograms the service exports and the labels of its one series of each. */
export const serviceHistograms = [
  { name: "http_request_duration_seconds", labels: { method: "GET", route: "/work", code: "200" } },
  { name: "http_server_requests_seconds", labels: { method: "GET", uri: "/work", status: "200", outcome: "SUCCESS", exception: "None" } },
] as const;

/** Start the service: `slots` concurrent requests, each served in uniform [minMs, maxMs]. */
export async function startService(slots = 2, minMs = 2, maxMs = 6): Promise<LabService> {
  const registry = new Registry();
  const buckets = bucketBounds;
  const [clientSeries, micrometerSeries] = serviceHistograms;
  const client = new Histogram({
    name: clientSeries.name,
    help: "request latency",
    labelNames: ["method", "route", "code"],
    buckets,
    registers: [registry],
  });
  const micrometer = new Histogram({
    name: micrometerSeries.name,
    help: "Micrometer-style server request timer",
    labelNames: ["method", "uri", "status", "outcome", "exception"],
    buckets,
    registers: [registry],
  });
  const clientLabels = clientSeries.labels;
  const micrometerLabels = micrometerSeries.labels;
  // Series exist from the first scrape (at zero), so a rate over the first requests is whole.
  client.zero(clientLabels);
  micrometer.zero(micrometerLabels);
  let busy = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else busy--;
  };
  const acquire = () =>
    new Promise<void>((resolve) => {
      if (busy < slots) {
        busy++;
        resolve();
      } else queue.push(resolve);
    });
  const scrapes = new Map<string, number>();
  const server = http.createServer((req, res) => {
    if (req.url === "/metrics") {
      const agent = req.headers["user-agent"] ?? "";
      scrapes.set(agent, (scrapes.get(agent) ?? 0) + 1);
      void registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(text);
      });
      return;
    }
    const began = performance.now();
    void acquire().then(() => {
      setTimeout(
        () => {
          release();
          const seconds = (performance.now() - began) / 1000;
          client.observe(clientLabels, seconds);
          micrometer.observe(micrometerLabels, seconds);
          res.writeHead(200, { "content-type": "text/plain" });
          res.end("ok\n");
        },
        minMs + Math.random() * (maxMs - minMs),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    scrapes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One request as the load generator saw it. */
export interface LoggedRequest {
  /** Epoch seconds when the answer came. */
  end: number;
  latency: number;
  ok: boolean;
}

/**
 * Open-loop load: requests sent at `rate(t)` per second (t seconds since the start) for `seconds`,
 * each logged when its answer comes; resolves when every request has ended.
 */
export async function driveLoad(port: number, seconds: number, rate: (t: number) => number): Promise<LoggedRequest[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const log: LoggedRequest[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  let owed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const began = performance.now();
      const req = http.get({ host: "127.0.0.1", port, path: "/work", agent }, (res) => {
        res.resume();
        res.on("end", () => {
          log.push({ end: Date.now() / 1000, latency: (performance.now() - began) / 1000, ok: res.statusCode === 200 });
          resolve();
        });
      });
      req.on("error", () => {
        log.push({ end: Date.now() / 1000, latency: (performance.now() - began) / 1000, ok: false });
        resolve();
      });
    });
  await new Promise<void>((resolve) => {
    let last = started;
    const tick = setInterval(() => {
      const now = performance.now();
      const t = (now - started) / 1000;
      if (t >= seconds) {
        clearInterval(tick);
        resolve();
        return;
      }
      owed += (rate(t) * (now - last)) / 1000;
      last = now;
      while (owed >= 1) {
        owed -= 1;
        sent++;
        pending.push(one());
      }
    }, 5);
  });
  await Promise.all(pending);
  agent.destroy();
  if (log.length !== sent) throw new Error(`load generator: ${sent} sent, ${log.length} logged`);
  return log;
}

/** A free loopback TCP port (bound, then released). */
export async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Whether a program is on PATH. */
export function hasProgram(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** A metrics server started for a test: its URL, and stop() (kills its process group, removes its folder). */
export interface MetricsServer {
  name: string;
  url: string;
  /** The User-Agent its scrapes start with (a service's `scrapes` are counted by it). */
  agent: string;
  /**
   * Make the samples it has taken in queryable now, where the server has a way
   * (VictoriaMetrics' /internal/force_flush: imported samples stayed unqueryable for some 10 s
   * without it; its own scrapes still show about 1 s late); waitForSamples calls it before each query.
   */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** A scrape target: host:port, and labels the server adds to its series (static_configs labels). */
export type ScrapeTarget = string | { address: string; labels?: Record<string, string> };

/** The scrape config of the targets, each its own static_configs entry (YAML double-quoted strings are JSON's); `every` in whole milliseconds. */
const scrapeConfig = (targets: ScrapeTarget | readonly ScrapeTarget[], everyMs: number) => {
  const list = (Array.isArray(targets) ? targets : [targets]) as readonly ScrapeTarget[];
  const entries = list.map((t) => {
    const { address, labels = {} } = typeof t === "string" ? { address: t } : t;
    const extra = Object.entries(labels).map(([k, v]) => `\n        labels:\n          ${k}: ${JSON.stringify(v)}`);
    return `      - targets: [${JSON.stringify(address)}]${extra.join("")}\n`;
  });
  const every = `${everyMs}ms`;
  return `global:\n  scrape_interval: ${every}\nscrape_configs:\n  - job_name: lab\n    scrape_interval: ${every}\n    static_configs:\n${entries.join("")}`;
};

/** Start a server process in its own process group with a temporary folder (`prepare` fills it first); wait until `ready` answers 200. */
async function startServer(
  name: string,
  agent: string,
  args: (dir: string, port: number) => string[],
  readyPath: string,
  target: ScrapeTarget | readonly ScrapeTarget[],
  scrapeSeconds: number,
  prepare: (dir: string) => Promise<void> = async () => {},
  flushPath: string | null = null,
): Promise<MetricsServer> {
  const dir = mkdtempSync(join(tmpdir(), `chp-${name}-`));
  writeFileSync(join(dir, "scrape.yml"), scrapeConfig(target, Math.round(scrapeSeconds * 1000)));
  try {
    await prepare(dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(name, args(dir, port), { stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.on("data", (b) => (stderr = (stderr + b).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const flush = async () => {
    if (flushPath === null) return;
    const r = await fetch(`${url}${flushPath}`, { signal: AbortSignal.timeout(15_000) });
    if (!r.ok) throw new Error(`${name}: ${flushPath}: HTTP ${r.status} ${await r.text()}`);
  };
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return { name, url, agent, flush, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${name} did not start on ${url}: ${stderr.slice(-1000)}`);
}

/** Run a program to its end; rejects with its output when it fails. */
function runProgram(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (b) => (output = (output + b).slice(-4000)));
    child.stderr!.on("data", (b) => (output = (output + b).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args.join(" ")}: exit ${code}: ${output}`))));
  });
}

/**
 * Prometheus on 127.0.0.1 scraping the targets every `scrapeSeconds` (default 1 s). `history`:
 * OpenMetrics text with timestamps, written into its data folder as blocks (`promtool tsdb
 * create-blocks-from openmetrics`) before it starts, so it serves that history at once.
 */
export function startPrometheus(target: ScrapeTarget | readonly ScrapeTarget[], scrapeSeconds = 1, history?: string): Promise<MetricsServer> {
  const prepare = async (dir: string) => {
    if (history === undefined) return;
    const file = join(dir, "history.om");
    writeFileSync(file, history);
    await runProgram("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--quiet", file, join(dir, "data")]);
  };
  return startServer(
    "prometheus",
    "Prometheus/",
    (dir, port) => [
      `--config.file=${join(dir, "scrape.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=error",
    ],
    "/-/ready",
    target,
    scrapeSeconds,
    prepare,
  );
}

/** VictoriaMetrics (single node) on 127.0.0.1 scraping `target` every `scrapeSeconds` (default 1 s); points visible at once (no 30 s latency offset). */
export function startVictoriaMetrics(target: ScrapeTarget | readonly ScrapeTarget[], scrapeSeconds = 1): Promise<MetricsServer> {
  return startServer(
    "victoria-metrics",
    "vm_promscrape",
    (dir, port) => [
      `-promscrape.config=${join(dir, "scrape.yml")}`,
      `-storageDataPath=${join(dir, "data")}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      "-search.latencyOffset=0s",
      "-search.disableCache",
      "-loggerLevel=ERROR",
    ],
    "/health",
    target,
    scrapeSeconds,
    undefined,
    "/internal/force_flush",
  );
}

/**
 * Send Prometheus text with millisecond timestamps to VictoriaMetrics' import API
 * (`/api/v1/import/prometheus`), then flush them to searchable parts: without that, 1.79.5
 * answered queries over them empty for some 10 s (poll for them all the same).
 */
export async function importPrometheusText(server: MetricsServer, text: string): Promise<void> {
  const r = await fetch(`${server.url}/api/v1/import/prometheus`, { method: "POST", body: text, signal: AbortSignal.timeout(15_000) });
  if (!r.ok) throw new Error(`${server.name}: import: HTTP ${r.status} ${await r.text()}`);
  await server.flush();
}

/** How many times `server` has scraped `service` (its scrapes as the service counted them). */
export function scrapesBy(service: LabService, server: MetricsServer): number {
  let n = 0;
  for (const [agent, count] of service.scrapes) if (agent.startsWith(server.agent)) n += count;
  return n;
}

/** Poll `ready` every `everyMs` until it is true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(ready: () => boolean, what: string, { everyMs = 50, timeoutMs = 15_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** One series of an instant query's answer: its labels and its value at the query's time. */
export interface InstantSample {
  metric: Record<string, string>;
  /** Epoch seconds of the sample the server answered with. */
  time: number;
  value: number;
}

/** An instant query (`/api/v1/query`, evaluated now or at `time`, epoch seconds): each series' latest value. */
export async function instantQuery(server: MetricsServer, query: string, time?: number): Promise<InstantSample[]> {
  const at = time === undefined ? "" : `&time=${time}`;
  const r = await fetch(`${server.url}/api/v1/query?query=${encodeURIComponent(query)}${at}`, { signal: AbortSignal.timeout(5000) });
  const body = (await r.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== "success" || !body.data) throw new Error(`${server.name}: ${query}: ${body.error ?? r.status}`);
  return body.data.result.map((s) => ({ metric: s.metric, time: s.value[0], value: Number(s.value[1]) }));
}

/**
 * Poll `query` (at `time`, or now) every `everyMs` until `done` accepts its answer (resolves with that answer) or
 * `timeoutMs` passes (rejects, with the last answer): a test waits for the scrapes it needs, no longer.
 */
export async function waitForSamples(
  server: MetricsServer,
  query: string,
  done: (samples: InstantSample[]) => boolean,
  { everyMs = 100, timeoutMs = 15_000, time }: { everyMs?: number; timeoutMs?: number; time?: number } = {},
): Promise<InstantSample[]> {
  const deadline = Date.now() + timeoutMs;
  let last: InstantSample[] = [];
  for (;;) {
    await server.flush();
    // "now" to the millisecond: VictoriaMetrics takes a missing time as the current whole second.
    last = await instantQuery(server, query, time ?? Date.now() / 1000);
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`${server.name}: ${query} still gives ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
