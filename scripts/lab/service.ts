/**
 * A lab service: an HTTP server on 127.0.0.1 (an ephemeral port) whose mechanism produces one
 * bottleneck pattern (patterns.ts).
 *
 *   GET /work     one request through the mechanism: 200, or 503 when the mechanism refuses it; it
 *                 arrives at the time in its x-lab-scheduled header (epoch ms), if any (load.ts)
 *   GET /metrics  Prometheus text exposition (prom-client): the histogram
 *                 http_request_duration_seconds{method,route,code} of /work, the mechanism's
 *                 gauges (lab_*), and lab_timer_lateness_seconds (how late the service's timers fire)
 *
 * Each service has its own prom-client registry, so several can run in one process (tests).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Gauge, Histogram, Registry } from "prom-client";
import { performance } from "node:perf_hooks";
import { now, Timers } from "./clock.js";
import { scheduledHeader } from "./load.js";
import { type LabParams, type LabPattern, patternDefs } from "./patterns.js";

export interface LabServiceOptions {
  pattern: LabPattern;
  /** Mechanism parameters over the pattern's defaults. */
  params?: LabParams;
  /** Seed of the service times and stalls (default 1). */
  seed?: number;
  /**
   * Wake the event loop this often (ms; 0: never). A process that sleeps between sparse timers is
   * woken later by a busy machine's scheduler than one that wakes often: measured with exponential
   * 40 ms timers at nice -10 on this 2-core machine at load average 18-20 (four 10 s phases per
   * rate), mean lateness 8-10 ms at 20 timers/s and 3-10 ms at 180/s when sleeping, 4-7.5 ms at
   * 20/s and 3-7.5 ms at 180/s when woken every 1 ms. Waking keeps the lab's overhead from
   * growing at low load, where the trend of a headroom plot starts. Default 1.
   */
  keepAwakeMs?: number;
}

export interface LabService {
  /** http://127.0.0.1:PORT */
  url: string;
  pattern: LabPattern;
  /** The parameters in force. */
  params: Record<string, unknown>;
  /** The configured capacity, requests per second (null for no-delay). */
  capacity: number | null;
  /** What the mechanism did so far. */
  stats(): Record<string, number>;
  /** How late the service's timers fired, ms (one value per timer). */
  timerLateness(): readonly number[];
  /** The /metrics text now. */
  metrics(): Promise<string>;
  /** Stop the server, its connections and its timers. */
  close(): Promise<void>;
}

/** Buckets of the request histogram, seconds: 1 ms to 10 s, about two per doubling. */
export const durationBuckets = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];

/**
 * A request's arrival (monotonic ms): the load generator's scheduled send time when it sent one
 * (load.ts says why), at most `maxBackdateMs` before its receipt at `received`; else the receipt.
 */
export function arrivalOf(header: string | string[] | undefined, received: number): number {
  const scheduled = typeof header === "string" ? Number(header) - performance.timeOrigin : Number.NaN;
  return Number.isFinite(scheduled) ? Math.min(received, Math.max(received - maxBackdateMs, scheduled)) : received;
}

const maxBackdateMs = 10_000;

/** Start a lab service on 127.0.0.1, port 0. */
export async function startLabService(options: LabServiceOptions): Promise<LabService> {
  const def = patternDefs[options.pattern];
  const given = options.params ?? {};
  const timers = new Timers();
  const mechanism = def.make(given, timers, options.seed ?? 1);
  const registry = new Registry();
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Duration of HTTP requests in seconds",
    labelNames: ["method", "route", "code"],
    buckets: durationBuckets,
    registers: [registry],
  });
  const lateness = new Histogram({
    name: "lab_timer_lateness_seconds",
    help: "How late the lab service's timers fired (its own overhead)",
    buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
    registers: [registry],
  });
  // Timer lateness goes into its histogram when the metrics are read.
  let latenessSeen = 0;
  const observeLateness = () => {
    const late = timers.lateness;
    for (; latenessSeen < late.length; latenessSeen++) lateness.observe(late[latenessSeen] / 1000);
  };
  const gaugeNames = Object.keys(mechanism.gauges());
  for (const name of gaugeNames) {
    new Gauge({
      name,
      help: `lab ${options.pattern} mechanism: ${name.replace(/^lab_/, "").replace(/_/g, " ")}`,
      registers: [registry],
      collect() {
        this.set(mechanism.gauges()[name] ?? 0);
      },
    });
  }

  const keepAwakeMs = options.keepAwakeMs ?? 1;
  const awake = keepAwakeMs > 0 ? setInterval(() => {}, keepAwakeMs) : undefined;

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/work") {
      const t0 = now();
      mechanism.handle(arrivalOf(req.headers[scheduledHeader], t0)).then((ok) => {
        const code = ok ? 200 : 503;
        res.writeHead(code, { "content-type": "text/plain" });
        res.end(ok ? "ok\n" : "busy\n");
        duration.observe({ method: "GET", route: "/work", code: String(code) }, (now() - t0) / 1000);
      });
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      observeLateness();
      registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(text);
      });
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    pattern: options.pattern,
    params: def.params(given),
    capacity: def.capacity(given),
    stats: () => mechanism.stats(),
    timerLateness: () => timers.lateness,
    metrics: () => {
      observeLateness();
      return registry.metrics();
    },
    async close() {
      clearInterval(awake);
      mechanism.close();
      timers.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
