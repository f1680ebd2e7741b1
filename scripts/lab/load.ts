/**
 * An open-loop load generator: requests are sent on a Poisson schedule whose rate follows
 * `rate(t)`, whether or not earlier ones have been answered (as real users arrive), so a slow
 * service is not shielded by a slow client. A cap on the requests in flight bounds what a
 * stalled service can pile up: an arrival that finds `maxInFlight` requests open is not sent and is
 * recorded as failed (dropped). Runs for `durationSeconds`, then waits at most `drainSeconds` for
 * the open requests; loopback only.
 *
 * Each request carries its scheduled send time (header `x-lab-scheduled`, epoch ms), which the lab
 * service takes as its arrival: when the shared machine stalls the process, the requests due in the
 * stall go out together afterwards, and stamping them on receipt would reshape the arrival process
 * (the same 8 slots of 40 ms at 183 req/s, driven in-process from the schedule: 91 ms mean response,
 * where M/M/8 gives 87 ms).
 *
 * Each request's record: the epoch ms at which its response ended (or it failed), its latency from
 * its scheduled send time to the end of the response body (ms: what an open-loop user waits, as wrk2
 * measures it), and whether it succeeded (HTTP 200).
 */
import { Agent, get } from "node:http";
import { seededRandom } from "../../src/util/random.js";
import { epochMs, now } from "./clock.js";
import { exponential } from "./mechanism.js";

/** The request header with the scheduled send time (epoch ms). */
export const scheduledHeader = "x-lab-scheduled";

export interface RequestRecord {
  endEpochMs: number;
  latencyMs: number;
  ok: boolean;
  /** Not sent: the cap on requests in flight was reached. */
  dropped: boolean;
}

export interface LoadOptions {
  /** The service, e.g. http://127.0.0.1:PORT; requests go to URL/work. */
  url: string;
  /** Requests per second at `t` seconds into the run. */
  rate: (t: number) => number;
  durationSeconds: number;
  /** The most requests open at once (default 1000). */
  maxInFlight?: number;
  /** How long to wait for open requests after the schedule ends (default 20 s). */
  drainSeconds?: number;
  /** Seed of the arrival times (default 1). */
  seed?: number;
  onRecord: (r: RequestRecord) => void;
}

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  dropped: number;
  /** Still open when the drain time ran out (abandoned, not recorded). */
  abandoned: number;
  maxInFlight: number;
  /** How late the generator sent requests after their scheduled time, ms: median and 99th percentile. */
  sendLagMs: { p50: number; p99: number };
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** Drive the service; resolves when every request has ended or the drain time ran out. */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (!isLoopback(o.url)) throw new Error(`the lab load generator only sends to loopback addresses, not ${o.url}`);
  const cap = o.maxInFlight ?? 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: cap });
  // A stream apart from the service's (which the same seed starts): arrivals independent of service times.
  const rng = seededRandom(Math.imul(o.seed ?? 1, 0x9e3779b1) ^ 0x2545f491);
  const target = `${o.url}/work`;
  const t0 = now();
  const end = t0 + o.durationSeconds * 1000;
  const lags: number[] = [];
  const result: LoadResult = { sent: 0, ok: 0, failed: 0, dropped: 0, abandoned: 0, maxInFlight: 0, sendLagMs: { p50: 0, p99: 0 } };
  let open = 0;
  let scheduleDone = false;
  // Set when the run is over: requests that end after it (abandoned) are not recorded.
  let stopped = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const maybeDone = () => {
    if (scheduleDone && open === 0) finish();
  };

  const record = (start: number, ok: boolean) => {
    if (stopped) return;
    const t = now();
    open--;
    if (ok) result.ok++;
    else result.failed++;
    o.onRecord({ endEpochMs: epochMs(t), latencyMs: t - start, ok, dropped: false });
    maybeDone();
  };

  const send = (scheduled: number) => {
    if (open >= cap) {
      result.dropped++;
      o.onRecord({ endEpochMs: epochMs(scheduled), latencyMs: 0, ok: false, dropped: true });
      return;
    }
    open++;
    result.sent++;
    result.maxInFlight = Math.max(result.maxInFlight, open);
    if (lags.length < 1_000_000) lags.push(now() - scheduled);
    let done = false;
    const req = get(target, { agent, headers: { [scheduledHeader]: epochMs(scheduled).toFixed(3) } }, (res) => {
      res.resume();
      res.on("end", () => {
        if (done) return;
        done = true;
        record(scheduled, res.statusCode === 200);
      });
    });
    req.on("error", () => {
      if (done) return;
      done = true;
      record(scheduled, false);
    });
  };

  // The next arrival; a rate of zero skips ahead 100 ms.
  const gap = (t: number) => {
    const r = o.rate((t - t0) / 1000);
    return r > 0 ? exponential(rng.uniform, 1000 / r) : 100;
  };
  let next = t0 + gap(t0);
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const t = now();
    while (next <= t && next < end) {
      send(next);
      next += gap(next);
    }
    if (next >= end) {
      scheduleDone = true;
      maybeDone();
      return;
    }
    timer = setTimeout(tick, Math.max(0, next - now()));
  };
  tick();

  const drainMs = (o.drainSeconds ?? 20) * 1000;
  return (async () => {
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (scheduleDone) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    let drainTimer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise<void>((resolve) => (drainTimer = setTimeout(resolve, drainMs)))]);
    clearTimeout(drainTimer);
    clearTimeout(timer);
    result.abandoned = open;
    stopped = true;
    agent.destroy();
    result.sendLagMs = { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99) };
    return result;
  })();
}
