/**
 * Timing helpers for the benchmark: one whole process under /usr/bin/time -v (wall time and
 * peak RSS), and several commands run alternately (round-robin), so that a busy machine's
 * slow minutes fall on every contender alike; the median of the rounds is reported.
 */
import { spawnSync } from "node:child_process";

export interface Run {
  seconds: number;
  rssMb: number;
  ok: boolean;
  note?: string;
}

/** A command the bench compares; `missing` says why it cannot run here (not installed). */
export interface Contender {
  name: string;
  cmd: string;
  args: string[];
  missing?: string;
}

/**
 * Variables left out of every timed process's environment: NODE_EXTRA_CA_CERTS (set on this
 * project's machines for their TLS proxy) makes every Node process read and parse the CA bundle
 * as it starts (`leftOutCost` measures it), a tax on the Node contenders (chp, DuckDB's Node API)
 * that none of them needs: no contender opens a TLS connection, and a user's machine rarely sets
 * it. R and Java do not read it.
 */
export const leftOutOfEnv = ["NODE_EXTRA_CA_CERTS"] as const;

const timedEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(leftOutOfEnv as readonly string[]).includes(k)));

/**
 * What `leftOutOfEnv` costs a Node process's start here: median seconds of `node -e 0` with this
 * machine's environment and without those variables, `rounds` rounds alternately; null when
 * none of them is set.
 */
export function leftOutCost(rounds: number): { with: number; without: number } | null {
  if (leftOutHere().length === 0) return null;
  const once = (env: NodeJS.ProcessEnv) => {
    const t0 = performance.now();
    spawnSync("node", ["-e", "0"], { env });
    return (performance.now() - t0) / 1000;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(once(process.env));
    b.push(once(timedEnv));
  }
  const med = (v: number[]) => v.sort((x, y) => x - y)[Math.floor((v.length - 1) / 2)];
  return { with: med(a), without: med(b) };
}

/** Which of `leftOutOfEnv` this machine sets (said in BENCHMARKS.md). */
export function leftOutHere(): string[] {
  return leftOutOfEnv.filter((k) => process.env[k] !== undefined);
}

/** One process under /usr/bin/time -v, without `leftOutOfEnv`: wall time (from here) and peak RSS. */
export function timed(cmd: string, args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28, env: timedEnv });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const ok = r.status === 0;
  return {
    seconds,
    rssMb: rss ? Number(rss) / 1024 : Number.NaN,
    ok,
    note: ok
      ? undefined
      : r.stderr
          .split("\n")
          .filter((l) => l && !l.startsWith("\t") && !l.startsWith("Command exited"))
          .slice(0, 1)
          .join(" "),
  };
}

/** The median wall time of the runs (peak RSS: the largest seen); a failed run stands for all. */
function summarise(all: Run[]): Run {
  const failed = all.find((r) => !r.ok);
  if (failed) return failed;
  const s = all.map((r) => r.seconds).sort((a, b) => a - b);
  return { seconds: s[Math.floor((s.length - 1) / 2)], rssMb: Math.max(...all.map((r) => r.rssMb)), ok: true };
}

/** Median wall time of n runs of one command. */
export function median(n: number, cmd: string, args: string[]): Run {
  const all: Run[] = [];
  for (let i = 0; i < n; i++) {
    const r = timed(cmd, args);
    all.push(r);
    if (!r.ok) break;
  }
  return summarise(all);
}

/**
 * `rounds` rounds, each running every contender once in turn; per contender the median.
 * A contender that failed once is not run again (its failure is its result); a missing one
 * is never run.
 */
export function alternate(rounds: number, contenders: Contender[]): Map<string, Run | undefined> {
  const runs = new Map<string, Run[]>(contenders.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const c of contenders) {
      const done = runs.get(c.name) ?? [];
      if (c.missing !== undefined || done.some((r) => !r.ok)) continue;
      done.push(timed(c.cmd, c.args));
    }
  }
  return new Map(contenders.map((c) => [c.name, c.missing === undefined ? summarise(runs.get(c.name) ?? []) : undefined]));
}

/** Why a command cannot run here, or undefined when it can. */
export function missingCommand(cmd: string, what: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? undefined : `${what} is not installed (${cmd} not found)`;
}
