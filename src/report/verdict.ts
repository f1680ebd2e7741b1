/** The lines a person reads after `chp plot`: rows kept and the trim, the fit, the pattern with its evidence, the headroom. */
import type { HeadroomAnalysis } from "../headroom/types.js";
import { formatNumber } from "../util/format.js";
import type { HeadroomRun } from "./headroom-report.js";

export function verdictText(a: HeadroomAnalysis, run?: Pick<HeadroomRun, "pattern" | "headroom">): string {
  const lines: string[] = [];
  const trim =
    a.responseCutoff === null
      ? "no trimming (q = 1)"
      : `response < ${formatNumber(a.responseCutoff)} (q = ${a.options.q})${a.throughputCutoff !== null ? `, throughput < ${formatNumber(a.throughputCutoff)}` : ""}`;
  lines.push(`rows: ${a.rows} read, ${a.kept} kept (${trim})`);
  const f = a.fit;
  if (!a.options.fit) lines.push("fit: not requested");
  else if (f.ok) {
    lines.push(
      `fit: inverse Gaussian GLM, 1/response^2 = ${formatNumber(f.intercept, 6)} + ${formatNumber(f.slope, 6)} * throughput` +
        ` (${f.converged ? "converged" : "not converged"} in ${f.iterations} iterations, deviance ${formatNumber(f.deviance)})`,
    );
    if (f.slope !== null && f.intercept !== null && f.slope < 0 && f.intercept > 0) {
      lines.push(`fit: response grows without bound as throughput approaches ${formatNumber(-f.intercept / f.slope)}`);
    }
  } else lines.push(`fit: none (${f.reason ?? "no valid fit"})`);
  if (run?.pattern && run.headroom) {
    lines.push(`pattern: ${run.pattern.label}`);
    for (const e of run.pattern.evidence) lines.push(`  - ${e}`);
    lines.push(`headroom: ${run.headroom.statement}`);
  }
  return lines.join("\n") + "\n";
}
