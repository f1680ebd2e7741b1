/** The words of the headroom estimate, as functions. */

const num = (v: number) => (Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3))));
const pct = (v: number) => `${Math.round(v * 100)}%`;

const methodWords = {
  sla: "where the fitted curve reaches the SLA",
  mmc: "where an M/M/c queue fitted to the response saturates",
  "capacity-curve": "where response grows without bound (capacity curve R0 / (1 - (X/C)^m))",
  usl: "the Universal Scalability Law's peak (concurrency from Little's law)",
  "glm-asymptote": "the fitted curve's asymptote",
  "lower-bound": "",
} as const;

export const headroomMessage = {
  estimate: (
    method: keyof typeof methodWords,
    value: number,
    [lo, hi]: [number, number],
    peak: number,
    headroom: number,
    sla: number | null,
    on: string | null = null,
  ) =>
    `maximum useful throughput ${num(value)} (95% interval ${num(lo)} to ${num(hi)}), ${methodWords[method]}${sla !== null ? ` of ${num(sla)}${on ? ` on ${on}` : ""}` : ""}; ` +
    (headroom >= 0
      ? `peak ${num(peak)} leaves ${pct(headroom)} headroom`
      : sla === null
        ? `peak ${num(peak)} has reached it: no headroom left`
        : `peak ${num(peak)} is already ${pct(-headroom)} past it`),
  slaExceeded: (sla: number, on: string | null) =>
    `the fitted response is above the SLA of ${num(sla)}${on ? ` on ${on}` : ""} even at zero throughput: no load meets it`,
  lowerBound: (
    why: "sla-not-reached" | "beyond-reach" | "no-knee",
    peak: number,
    bound: number,
    reach: number,
    sla: number | null,
    on: string | null = null,
  ) =>
    why === "sla-not-reached"
      ? `the fitted curve never reaches the SLA of ${num(sla ?? 0)}${on ? ` on ${on}` : ""}: headroom at least ${pct(1 - peak / bound)} (maximum useful throughput at least the observed peak ${num(peak)})`
      : why === "beyond-reach"
        ? `no knee observed: the response curve points beyond ${reach}x the observed peak ${num(peak)}, too far to estimate; maximum useful throughput at least ${num(bound)}`
        : `no knee observed and no fit bounds it: maximum useful throughput at least the observed peak ${num(peak)}`,
} as const;
