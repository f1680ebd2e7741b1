/**
 * Reading and evaluating a Guesstimate space by Monte Carlo, in either style: `expression`
 * (`${metric:ID}` references) or the legacy `input` (bare readableIds, as spigo writes).
 *
 *   space JSON --validate--> metrics --parse each guesstimate--> sampler or compiled FUNCTION
 *   --order by references (cycles are errors)--> n samples per metric
 *
 * Sampling as Guesstimate does it: POINT is a constant; "[low, high]" is a 90% interval
 * (LOGNORMAL, NORMAL) or the bounds (UNIFORM); a range without a type is LOGNORMAL when
 * low > 0, else NORMAL; DATA values are used in order, all of them, sample i taking
 * data[i mod length] (with fewer samples than values, only the first are used, as in Guesstimate);
 * FUNCTION text (after "=") is evaluated once per sample with every referenced metric's
 * sample i (see expression.ts).
 */
import { DataError } from "../../errors.js";
import { modelMessage } from "../../messages.js";
import { seededRandom, type Random } from "../../util/random.js";
import { lognormalParams, normalParams } from "../distribution.js";
import { compileExpression, ExpressionError, type Compiled } from "./expression.js";
import type { SpaceGuesstimate, SpaceMetric } from "./space.js";

type Kind =
  | { kind: "const"; value: number }
  | { kind: "normal" | "lognormal" | "uniform"; low: number; high: number }
  | { kind: "data"; data: Float64Array }
  | { kind: "function"; run: Compiled; refs: number[]; text: string }
  | { kind: "none" };

export interface ParsedMetric {
  id: string;
  readableId: string;
  name: string;
  location: { row: number; column: number };
  type: string;
  text: string;
  description?: string;
  value: Kind;
}

export interface ParsedSpace {
  name: string;
  description: string;
  metrics: ParsedMetric[];
  /** Which style the file used. */
  style: "expression" | "input";
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** true when a parsed JSON value looks like a Guesstimate space. */
export function isSpace(json: unknown): boolean {
  return isObj(json) && isObj(json.space);
}

function fail(file: string | undefined, text: string): never {
  throw new DataError(text, file ? { file } : {});
}

const range = /^\s*\[\s*([^,\]]+)\s*,\s*([^\]]+)\s*\]\s*$/;
const toRange = /^\s*(\S+)\s+to\s+(\S+)\s*$/i;

/** Validate the space and parse every guesstimate (FUNCTION text compiled). */
export function parseSpace(json: unknown, file?: string): ParsedSpace {
  if (!isSpace(json)) fail(file, modelMessage.notAModel());
  const s = (json as { space: Record<string, unknown> }).space;
  const graph = s.graph;
  if (!isObj(graph)) fail(file, modelMessage.spaceField("space.graph", "missing or not an object"));
  if (!Array.isArray(graph.metrics)) fail(file, modelMessage.spaceField("space.graph.metrics", "missing or not an array"));
  if (!Array.isArray(graph.guesstimates)) fail(file, modelMessage.spaceField("space.graph.guesstimates", "missing or not an array"));
  const metrics = graph.metrics as unknown[];
  const byId = new Map<string, number>();
  const byReadable = new Map<string, number>();
  const parsed: ParsedMetric[] = metrics.map((m, i) => {
    const p = `space.graph.metrics[${i}]`;
    if (!isObj(m) || typeof m.id !== "string" || m.id === "") fail(file, modelMessage.spaceField(`${p}.id`, "missing or not a string"));
    const sm = m as unknown as SpaceMetric;
    if (byId.has(sm.id)) fail(file, modelMessage.duplicateName(`${p}.id`, sm.id));
    byId.set(sm.id, i);
    const readableId = typeof sm.readableId === "string" && sm.readableId ? sm.readableId : sm.id;
    if (byReadable.has(readableId)) fail(file, modelMessage.duplicateName(`${p}.readableId`, readableId));
    byReadable.set(readableId, i);
    const loc = isObj(sm.location) ? sm.location : { row: i, column: 0 };
    return {
      id: sm.id,
      readableId,
      name: typeof sm.name === "string" ? sm.name : readableId,
      location: { row: Number(loc.row) || 0, column: Number(loc.column) || 0 },
      type: "",
      text: "",
      value: { kind: "none" },
    };
  });
  let style: ParsedSpace["style"] = "expression";
  (graph.guesstimates as unknown[]).forEach((g, gi) => {
    const p = `space.graph.guesstimates[${gi}]`;
    if (!isObj(g) || typeof g.metric !== "string") fail(file, modelMessage.spaceField(`${p}.metric`, "missing or not a string"));
    const sg = g as unknown as SpaceGuesstimate;
    const index = byId.get(sg.metric);
    if (index === undefined) fail(file, modelMessage.spaceField(`${p}.metric`, modelMessage.unknownMetricReference(sg.metric)));
    const usesInput = (sg.expression === undefined || sg.expression === null) && typeof sg.input === "string";
    if (usesInput) style = "input";
    const text = String((usesInput ? sg.input : sg.expression) ?? "").trim();
    const metric = parsed[index];
    const type = typeof sg.guesstimateType === "string" ? sg.guesstimateType.toUpperCase() : "";
    metric.type = type;
    metric.text = text;
    if (typeof sg.description === "string" && sg.description) metric.description = sg.description;
    const bad = (why: string): never => fail(file, modelMessage.badGuess(metric.readableId, text, why));
    if (type === "DATA" || (type === "" && Array.isArray(sg.data) && sg.data.length)) {
      const data = Array.isArray(sg.data) ? sg.data : [];
      // Every value, as Guesstimate samples DATA (samplers/Data.ts: no cap; the 10,000 of
      // formatters/Data.ts applies to pasted text only, which is what chp's export writes).
      const values = Float64Array.from(data, Number);
      if (values.length === 0 || values.some((v) => !Number.isFinite(v))) bad('DATA needs a non-empty array of finite numbers in "data"');
      metric.value = { kind: "data", data: values };
      metric.type = "DATA";
      return;
    }
    if (text.startsWith("=") || type === "FUNCTION") {
      const body = text.startsWith("=") ? text.slice(1) : text;
      if (body.trim() === "") bad('a FUNCTION needs a body after "="');
      try {
        const { run, refs } = compileExpression(body, (name, kind) => (kind === "ref" ? (byId.get(name) ?? byReadable.get(name)) : byReadable.get(name)));
        metric.value = { kind: "function", run, refs, text: body };
      } catch (e) {
        if (e instanceof ExpressionError) bad(e.message);
        throw e;
      }
      metric.type = "FUNCTION";
      return;
    }
    const m = range.exec(text) ?? toRange.exec(text);
    if (m) {
      const low = Number(m[1]);
      const high = Number(m[2]);
      if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) bad("a range needs two numbers [low, high] with low < high");
      const kind =
        type === "NORMAL"
          ? "normal"
          : type === "UNIFORM"
            ? "uniform"
            : type === "LOGNORMAL"
              ? "lognormal"
              : type === ""
                ? low > 0
                  ? "lognormal"
                  : "normal"
                : null;
      if (kind === null) fail(file, modelMessage.unsupportedType(metric.readableId, type));
      if (kind === "lognormal" && !(low > 0)) bad("a LOGNORMAL range needs 0 < low < high");
      metric.value = { kind, low, high };
      metric.type = kind.toUpperCase();
      return;
    }
    if (text === "") {
      metric.value = { kind: "none" };
      return;
    }
    const v = Number(text.replace(/,/g, ""));
    if (!Number.isFinite(v)) {
      if (type && !["POINT", "NORMAL", "LOGNORMAL", "UNIFORM", "FUNCTION", "DATA"].includes(type))
        fail(file, modelMessage.unsupportedType(metric.readableId, type));
      bad('not a number, a [low, high] range, or a function starting with "="');
    }
    metric.value = { kind: "const", value: v };
    metric.type = "POINT";
  });
  return {
    name: typeof s.name === "string" ? s.name : "",
    description: typeof s.description === "string" ? s.description : "",
    metrics: parsed,
    style,
  };
}

/** Options of `evaluateSpace`. */
export interface EvaluateSpaceOptions {
  samples?: number;
  seed?: number;
}

/** Defaults of `EvaluateSpaceOptions`: 100,000 samples, seed 1. */
export const defaultEvaluateSpaceOptions: Required<EvaluateSpaceOptions> = { samples: 100_000, seed: 1 };

/** Metrics in an order where every FUNCTION follows the metrics it refers to; throws on a cycle. */
export function evaluationOrder(space: ParsedSpace, file?: string): number[] {
  const state = new Uint8Array(space.metrics.length); // 0 new, 1 visiting, 2 done
  const order: number[] = [];
  const stack: number[] = [];
  // Depth-first, post-order, with an explicit stack (a chain of 20,000 metrics each using the one
  // before would overflow the call stack): `next[k]` is the next reference of stack[k] to follow.
  const next: number[] = [];
  const refsOf = (i: number): readonly number[] => {
    const v = space.metrics[i].value;
    return v.kind === "function" ? v.refs : [];
  };
  const visit = (root: number) => {
    if (state[root] === 2) return;
    state[root] = 1;
    stack.push(root);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const i = stack[top];
      const refs = refsOf(i);
      if (next[top] < refs.length) {
        const r = refs[next[top]++];
        if (state[r] === 2) continue;
        if (state[r] === 1) {
          const from = stack.indexOf(r);
          fail(file, modelMessage.cycle([...stack.slice(from), r].map((j) => space.metrics[j].readableId)));
        }
        state[r] = 1;
        stack.push(r);
        next.push(0);
        continue;
      }
      stack.pop();
      next.pop();
      state[i] = 2;
      order.push(i);
    }
  };
  space.metrics.forEach((_, i) => visit(i));
  return order;
}

/** DATA metrics holding more values than `samples`: only their first `samples` values are used. */
export function dataBeyondSamples(space: ParsedSpace, samples: number): { readableId: string; values: number }[] {
  const out: { readableId: string; values: number }[] = [];
  for (const m of space.metrics)
    if (m.value.kind === "data" && m.value.data.length > samples) out.push({ readableId: m.readableId, values: m.value.data.length });
  return out;
}

/** Sample every metric `samples` times. Metrics with no value give NaN. */
export function evaluateSpace(space: ParsedSpace, options: EvaluateSpaceOptions = {}, file?: string): Float64Array[] {
  const n = options.samples ?? defaultEvaluateSpaceOptions.samples;
  const rng: Random = seededRandom(options.seed ?? defaultEvaluateSpaceOptions.seed);
  const out: Float64Array[] = space.metrics.map(() => new Float64Array(n));
  for (const i of evaluationOrder(space, file)) {
    const v = space.metrics[i].value;
    const xs = out[i];
    switch (v.kind) {
      case "none":
        xs.fill(NaN);
        break;
      case "const":
        xs.fill(v.value);
        break;
      case "data":
        for (let j = 0; j < n; j++) xs[j] = v.data[j % v.data.length];
        break;
      case "normal": {
        const { mean, sd } = normalParams(v.low, v.high);
        for (let j = 0; j < n; j++) xs[j] = mean + sd * rng.normal();
        break;
      }
      case "lognormal": {
        const { meanlog, sdlog } = lognormalParams(v.low, v.high);
        for (let j = 0; j < n; j++) xs[j] = Math.exp(meanlog + sdlog * rng.normal());
        break;
      }
      case "uniform":
        for (let j = 0; j < n; j++) xs[j] = v.low + (v.high - v.low) * rng.uniform();
        break;
      case "function": {
        let j = 0;
        const read = (k: number) => out[k][j];
        for (j = 0; j < n; j++) xs[j] = v.run(read, rng);
        break;
      }
    }
  }
  return out;
}

/** Metrics that no FUNCTION refers to and that are FUNCTIONs themselves: the model's outputs. */
export function outputMetrics(space: ParsedSpace): number[] {
  const used = new Set<number>();
  for (const m of space.metrics) if (m.value.kind === "function") for (const r of m.value.refs) used.add(r);
  return space.metrics.map((m, i) => (m.value.kind === "function" && !used.has(i) ? i : -1)).filter((i) => i >= 0);
}
