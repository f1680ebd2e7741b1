/**
 * A small HTTP service on 127.0.0.1 that exports its latency the two usual ways (a prom-client
 * Registry: `http_request_duration_seconds`, the Prometheus client libraries' name, and
 * `http_server_requests_seconds` with Micrometer's labels), an open-loop load generator that logs
 * every request, and Prometheus / VictoriaMetrics started on loopback to scrape it every second.
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
  close(): Promise<void>;
}

/** Start the service: `slots` concurrent requests, each served in uniform [minMs, maxMs]. */
export async function startService(slots = 2, minMs = 2, maxMs = 6): Promise<LabService> {
  const registry = new Registry();
  const buckets = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1];
  const client = new Histogram({
    name: "http_request_duration_seconds",
    help: "request latency",
    labelNames: ["method", "route", "code"],
    buckets,
    registers: [registry],
  });
  const micrometer = new Histogram({
    name: "http_server_requests_seconds",
    help: "Micrometer-style server request timer",
    labelNames: ["method", "uri", "status", "outcome", "exception"],
    buckets,
    registers: [registry],
  });
  const clientLabels = { method: "GET", route: "/work", code: "200" };
  const micrometerLabels = { method: "GET", uri: "/work", status: "200", outcome: "SUCCESS", exception: "None" };
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
  const server = http.createServer((req, res) => {
    if (req.url === "/metrics") {
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
  stop(): Promise<void>;
}

/** A scrape target: host:port, and labels the server adds to its series (static_configs labels). */
export type ScrapeTarget = string | { address: string; labels?: Record<string, string> };

/** The scrape config of the targets, each its own static_configs entry (YAML double-quoted strings are JSON's). */
const scrapeConfig = (targets: ScrapeTarget | readonly ScrapeTarget[]) => {
  const list = (Array.isArray(targets) ? targets : [targets]) as readonly ScrapeTarget[];
  const entries = list.map((t) => {
    const { address, labels = {} } = typeof t === "string" ? { address: t } : t;
    const extra = Object.entries(labels).map(([k, v]) => `\n        labels:\n          ${k}: ${JSON.stringify(v)}`);
    return `      - targets: [${JSON.stringify(address)}]${extra.join("")}\n`;
  });
  return `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: lab\n    scrape_interval: 1s\n    static_configs:\n${entries.join("")}`;
};

/** Start a server process in its own process group with a temporary folder; wait until `ready` answers 200. */
async function startServer(
  name: string,
  args: (dir: string, port: number) => string[],
  readyPath: string,
  target: ScrapeTarget | readonly ScrapeTarget[],
): Promise<MetricsServer> {
  const dir = mkdtempSync(join(tmpdir(), `chp-${name}-`));
  writeFileSync(join(dir, "scrape.yml"), scrapeConfig(target));
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
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return { name, url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${name} did not start on ${url}: ${stderr.slice(-1000)}`);
}

/** Prometheus on 127.0.0.1 scraping the targets every second. */
export function startPrometheus(target: ScrapeTarget | readonly ScrapeTarget[]): Promise<MetricsServer> {
  return startServer(
    "prometheus",
    (dir, port) => [
      `--config.file=${join(dir, "scrape.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=error",
    ],
    "/-/ready",
    target,
  );
}

/** VictoriaMetrics (single node) on 127.0.0.1 scraping `target` every second; points visible at once (no 30 s latency offset). */
export function startVictoriaMetrics(target: ScrapeTarget | readonly ScrapeTarget[]): Promise<MetricsServer> {
  return startServer(
    "victoria-metrics",
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
  );
}
