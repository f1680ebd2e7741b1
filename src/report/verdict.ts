/** The lines a person reads after `chp plot`: rows kept and the trim, the fit, the pattern with its evidence, the headroom. */
import type { HeadroomAnalysis } from "../headroom/types.js";
import { formatFigure, formatNumber } from "../util/format.js";
import type { HeadroomRun } from "./headroom-report.js";

/** The fitted GLM curve's vertical asymptote, said as what it is: where the local fit leaves the kept rows. */
export function glmAsymptoteLine(asymptote: number, kept: ArrayLike<number>): string {
  let end = 0;
  for (let i = 0; i < kept.length; i++) if (kept[i] > end) end = kept[i];
  return `fit: the GLM curve turns vertical at ${formatFigure(asymptote)}; a local fit of the kept rows (throughput up to ${formatFigure(end)}), it says nothing past them: not a limit`;
}

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
    // The GLM's own asymptote is where this local fit leaves the data, not a capacity: it is
    // said as such, and not at all when the headroom line quotes it as the limit.
    if (f.slope !== null && f.intercept !== null && f.slope < 0 && f.intercept > 0 && run?.headroom?.method !== "glm-asymptote") {
      lines.push(glmAsymptoteLine(-f.intercept / f.slope, a.x));
    }
  } else lines.push(`fit: none (${f.reason ?? "no valid fit"})`);
  if (run?.pattern && run.headroom) {
    lines.push(`pattern: ${run.pattern.label}`);
    for (const e of run.pattern.evidence) lines.push(`  - ${e}`);
    lines.push(`headroom: ${run.headroom.statement}`);
  }
  return lines.join("\n") + "\n";
}
