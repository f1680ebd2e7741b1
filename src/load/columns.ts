/**
 * Which column holds what: the one the user named (`resolveColumn`: a name or a 1-based
 * number; an unknown one is a UsageError), else the one detected by its name's aliases
 * for the role (`matchScore`, `detectColumn`; none is a DataError). Every reader picks its
 * columns this way: time series (`chooseColumns`), request logs, latency files.
 */
import { UsageError, DataError } from "../errors.js";
import { message } from "../messages.js";
import { nameTokens } from "./name-tokens.js";
import { unitOfWord } from "./units.js";

export type Role = "time" | "throughput" | "response";

export { nameTokens } from "./name-tokens.js";
/** The time unit a response column's name states ("latency_ms" -> "ms"), if any. */
export { unitFromColumnName as unitFromName } from "./units.js";

/**
 * Aliases by role. A column matches when its whole name (ignoring a unit suffix)
 * is an alias, or failing that when one of its words is.
 */
export const columnAliases: Readonly<Record<Role, readonly string[]>> = {
  time: ["timestamp", "time", "ts", "date", "datetime", "epoch", "t", "interval", "start", "starttime", "timestamp_ms", "offset"],
  throughput: ["throughput", "tps", "rps", "qps", "ops", "iops", "rate", "x", "requests", "reqs", "hits", "tput", "xput", "arrivals", "completions", "calls"],
  response: [
    "response",
    "latency",
    "rt",
    "resp",
    "svc_t",
    "svct",
    "elapsed",
    "y",
    "duration",
    "wait",
    "service",
    "responsetime",
    "response_time",
    "lat",
    "mean",
    "avg",
    "average",
    "median",
    "p50",
    "p90",
    "p95",
    "p99",
    "p999",
    "p99_9",
  ],
};

/** The rate unit a throughput column's name states ("ops_per_sec" -> "/s"), if any. */
export function rateUnitFromName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (/(per[ _-]?min|\/min|rpm\b)/.test(lower)) return "/min";
  if (/(per[ _-]?s(ec)?|\/s(ec)?\b|\bps\b|[rqt]ps\b|iops)/.test(lower)) {
    // Name what is counted when the name says it: rps -> req/s, qps -> queries/s, ops_per_sec -> ops/s.
    const t = new Set(nameTokens(name));
    const what =
      t.has("rps") || t.has("req") || t.has("requests")
        ? "req"
        : t.has("qps") || t.has("queries")
          ? "queries"
          : t.has("tps")
            ? "tx"
            : t.has("iops")
              ? "IO"
              : t.has("ops")
                ? "ops"
                : "";
    return `${what}/s`;
  }
  return undefined;
}

function stripUnit(tokens: string[]): string[] {
  if (tokens.length > 1 && unitOfWord(tokens[tokens.length - 1])) return tokens.slice(0, -1);
  return tokens;
}

/** How well `name` matches `role`: 2 = the whole name is an alias, 1 = one word is, 0 = none. */
export function matchScore(name: string, role: Role): number {
  const aliases = columnAliases[role];
  const tokens = nameTokens(name);
  const whole = stripUnit(tokens).join("_");
  if (aliases.includes(whole) || aliases.includes(tokens.join("_"))) return 2;
  // single-letter aliases (t, x, y) only match whole names
  if (tokens.some((tok) => tok.length > 1 && aliases.includes(tok))) return 1;
  return 0;
}

export interface ColumnChoice {
  /** Column index for each role; time may be absent. */
  time?: number;
  throughput: number;
  response: number;
}

export interface ColumnFlags {
  timeCol?: string;
  throughputCol?: string;
  responseCol?: string;
}

const flagOf: Record<Role, string> = {
  time: "--time-col",
  throughput: "--throughput-col",
  response: "--response-col",
};

/**
 * The column a user named (with `flag`, for the message): a header name, exact first, then
 * ignoring case; or a 1-based column number (a number, or a string of digits that names no
 * column). Returns the 0-based index. A name or number that is no column is a UsageError
 * (exit 2) listing the columns.
 */
export function resolveColumn(header: readonly string[], nameOrNumber: string | number, flag: string): number {
  if (typeof nameOrNumber === "number") {
    if (Number.isInteger(nameOrNumber) && nameOrNumber >= 1 && nameOrNumber <= header.length) return nameOrNumber - 1;
    throw new UsageError(message.unknownColumn(flag, String(nameOrNumber), header));
  }
  const name = nameOrNumber;
  let i = header.indexOf(name);
  if (i < 0) {
    const lower = name.toLowerCase();
    i = header.findIndex((h) => h.toLowerCase() === lower);
  }
  if (i >= 0) return i;
  const asNumber = /^\d+$/.test(name) ? Number(name) : NaN;
  if (asNumber >= 1 && asNumber <= header.length) return asNumber - 1;
  throw new UsageError(message.unknownColumn(flag, name, header));
}

/**
 * The column detected by name: the one `score` rates highest (above 0), the earliest
 * of equals, never one in `avoid`; -1 when no column scores (the caller's DataError,
 * exit 3, says so and names the flag that would choose one).
 */
export function detectColumn(header: readonly string[], score: (name: string) => number, avoid: readonly number[] = []): number {
  let best = -1;
  let bestScore = 0;
  header.forEach((h, i) => {
    if (avoid.includes(i)) return;
    const s = score(h);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  return best;
}

/**
 * Choose the time, throughput and response columns of a header.
 * Explicit flags win (a name, case-insensitive, or a 1-based number); otherwise
 * the best-scoring alias match, earliest column first, never one column twice.
 */
export function chooseColumns(header: readonly string[], flags: ColumnFlags = {}, file?: string): ColumnChoice {
  const taken = new Set<number>();
  const pick = (role: Role, flag: string | undefined, required: boolean): number | undefined => {
    if (flag !== undefined) {
      const i = resolveColumn(header, flag, flagOf[role]);
      taken.add(i);
      return i;
    }
    const best = detectColumn(header, (h) => matchScore(h, role), [...taken]);
    if (best < 0) {
      if (required) throw new DataError(message.noColumnFor(role, flagOf[role], header), { file, line: 1 });
      return undefined;
    }
    taken.add(best);
    return best;
  };
  // Explicit choices first, so detection never takes a column the user named.
  const order: Role[] = ["time", "throughput", "response"];
  const flagFor = (r: Role) => (r === "time" ? flags.timeCol : r === "throughput" ? flags.throughputCol : flags.responseCol);
  const result: Partial<Record<Role, number>> = {};
  for (const r of order) if (flagFor(r) !== undefined) result[r] = pick(r, flagFor(r), true);
  // Response before throughput: "response_rate"-style names are rarer than "x"/"y".
  for (const r of ["response", "throughput", "time"] as Role[]) {
    if (flagFor(r) === undefined) result[r] = pick(r, undefined, r !== "time");
  }
  return { time: result.time, throughput: result.throughput!, response: result.response! };
}
