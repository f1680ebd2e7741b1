/**
 * Reading and evaluating a Guesstimate space by Monte Carlo the way Guesstimate does
 * (guesstimate-app src/lib/propagation, src/lib/guesstimator; see formatter.ts and expression.ts):
 *
 *   space JSON (wrapped {"space": ...} or the API's unwrapped {id, name, graph})
 *   --validate--> metrics --read each guesstimate's text (formatter.ts)--> guess or error
 *   --order by references (cycles: an error on each metric of the cycle)--> samples per metric
 *   --an error anywhere: "Broken input" on every descendant--> values or an error per metric
 *
 * Samples per metric, as Guesstimate draws them with n samples: POINT one value; a range or BETA
 * n draws; DATA all its values, in order; FUNCTION n draws when its text names a random function
 * (any of `stochasticNames`, anywhere in the text), else one per input combination: the least
 * common multiple of its inputs' sample counts, at most n (1 with no inputs). Sample i of a
 * FUNCTION reads sample `i mod length` of each input, so metrics derived from one source stay
 * correlated. Not reproduced: Guesstimate's split of the work over two browser workers, which
 * re-aligns inputs shorter than half the samples in the second half and breaks inputs of
 * n/2 < length < n (see export.ts, which never writes such DATA).
 *
 * Legacy spaces (before August 2016) hold the text in `input` with bare readableIds; the 2016 app
 * evaluated them so, and chp does too, with a note: today's Guesstimate simulates only
 * `expression` and shows such metrics only after an edit.
 */
import type { EvalFunction } from "mathjs";
import { DataError } from "../../errors.js";
import { modelMessage } from "../../messages.js";
import { seededRandom } from "../../util/random.js";
import { classifySample, compileFunction, ExpressionError, filterNames, sampleFiltered, useRandom } from "./expression.js";
import { formatGuess, type Guess } from "./formatter.js";
import { guesstimateSamplers, stochasticNames } from "./samplers.js";
import type { SpaceMetric } from "./space.js";

/** A FUNCTION ready to run: the compiled text and, per scope name, the metric it reads. */
interface FunctionPlan {
  body: string;
  compiled: EvalFunction;
  inputs: { name: string; index: number }[];
}

export interface ParsedMetric {
  id: string;
  readableId: string;
  name: string;
  location: { row: number; column: number };
  /** The type Guesstimate samples: POINT, NORMAL, LOGNORMAL, UNIFORM, BETA, DATA, FUNCTION, or NONE. */
  type: string;
  text: string;
  description?: string;
  guess: Guess | null;
  /** The metrics this one reads (FUNCTION). */
  refs: number[];
  plan: FunctionPlan | null;
  /** Why the text cannot be sampled (Guesstimate's message), or null. */
  error: string | null;
  /** How the text was read where that may surprise (e.g. "1,000,000" is 1,000). */
  warnings: string[];
}

export interface ParsedSpace {
  name: string;
  description: string;
  metrics: ParsedMetric[];
  /** Which style the file used: `expression`, or the legacy `input` (bare readableIds). */
  style: "expression" | "input";
  /** Whether some metric's text came from a non-empty legacy `input` (today's Guesstimate shows it only after an edit). */
  legacyText: boolean;
  /** Whether the file was the API's unwrapped `{id, name, graph}`. */
  unwrapped: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** true when a parsed JSON value looks like a Guesstimate space: `{"space": {...}}` or the API's `{"graph": {"metrics": [...]}}`. */
export function isSpace(json: unknown): boolean {
  return isObj(json) && (isObj(json.space) || (isObj(json.graph) && Array.isArray(json.graph.metrics) && !("tiers" in json)));
}

function fail(file: string | undefined, text: string): never {
  throw new DataError(text, file ? { file } : {});
}

const typeNames: Record<Guess["kind"], string> = {
  none: "NONE",
  point: "POINT",
  normal: "NORMAL",
  lognormal: "LOGNORMAL",
  uniform: "UNIFORM",
  beta: "BETA",
  data: "DATA",
  function: "FUNCTION",
};

/** Validate the space's structure and read every guesstimate (FUNCTION text compiled); a guesstimate that cannot be read is an error of its metric, not of the space. */
export function parseSpace(json: unknown, file?: string): ParsedSpace {
  if (!isSpace(json)) fail(file, modelMessage.notAModel());
  const root = json as Record<string, unknown>;
  const unwrapped = !isObj(root.space);
  const s = (unwrapped ? root : root.space) as Record<string, unknown>;
  const at = unwrapped ? "" : "space.";
  const graph = s.graph;
  if (!isObj(graph)) fail(file, modelMessage.spaceField(`${at}graph`, "missing or not an object"));
  if (!Array.isArray(graph.metrics)) fail(file, modelMessage.spaceField(`${at}graph.metrics`, "missing or not an array"));
  if (!Array.isArray(graph.guesstimates)) fail(file, modelMessage.spaceField(`${at}graph.guesstimates`, "missing or not an array"));
  const byId = new Map<string, number>();
  const byReadable = new Map<string, number>();
  const parsed: ParsedMetric[] = (graph.metrics as unknown[]).map((m, i) => {
    const p = `${at}graph.metrics[${i}]`;
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
      type: "NONE",
      text: "",
      guess: { kind: "none" },
      refs: [],
      plan: null,
      error: null,
      warnings: [],
    };
  });
  let style: ParsedSpace["style"] = "expression";
  let legacyText = false;
  (graph.guesstimates as unknown[]).forEach((g, gi) => {
    const p = `${at}graph.guesstimates[${gi}]`;
    if (!isObj(g) || typeof g.metric !== "string") fail(file, modelMessage.spaceField(`${p}.metric`, "missing or not a string"));
    const index = byId.get(g.metric as string);
    if (index === undefined) fail(file, modelMessage.spaceField(`${p}.metric`, modelMessage.unknownMetricReference(g.metric as string)));
    const metric = parsed[index];
    const storedType = typeof g.guesstimateType === "string" ? g.guesstimateType.toUpperCase() : "";
    if (typeof g.description === "string" && g.description) metric.description = g.description;
    const bad = (why: string) => {
      metric.guess = null;
      metric.error = why;
    };
    for (const field of ["expression", "input"])
      if (g[field] !== undefined && g[field] !== null && typeof g[field] !== "string") return bad(modelMessage.spaceFieldNotText(field, g[field]));
    const expression = typeof g.expression === "string" ? g.expression : "";
    const input = typeof g.input === "string" ? g.input : "";
    const legacy = expression === "" && input !== "";
    if (typeof g.expression !== "string" && typeof g.input === "string") style = "input";
    if (legacy) legacyText = true;
    const text = legacy ? input : expression;
    metric.text = text;
    let data: number[] | null = null;
    if (storedType === "DATA" && g.data !== undefined && g.data !== null) {
      if (!Array.isArray(g.data)) return bad(modelMessage.badData("not an array"));
      const i = g.data.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
      if (i >= 0) return bad(modelMessage.badData(`data[${i}] is ${JSON.stringify(g.data[i]) ?? String(g.data[i])}, not a finite number`));
      data = g.data as number[];
    }
    const f = formatGuess(text, storedType, data);
    metric.warnings.push(...f.warnings);
    if (f.error !== null) return bad(f.error);
    metric.guess = f.guess;
    metric.type = typeNames[f.guess.kind];
    if (f.guess.kind === "function") {
      try {
        metric.plan = legacy ? legacyPlan(f.guess.body, byReadable) : expressionPlan(f.guess.body, byId);
        metric.refs = [...new Set(metric.plan.inputs.map((x) => x.index))];
      } catch (e) {
        if (e instanceof ExpressionError) return bad(e.message);
        throw e;
      }
    }
  });
  return {
    name: typeof s.name === "string" ? s.name : "",
    description: typeof s.description === "string" ? s.description : "",
    metrics: parsed,
    style,
    legacyText,
    unwrapped,
  };
}

/** Today's style: `${metric:ID}` references, each replaced by a fresh name for the mathjs scope (Simulator.ts `buildSimulationParams`). */
function expressionPlan(body: string, byId: ReadonlyMap<string, number>): FunctionPlan {
  const inputs: { name: string; index: number }[] = [];
  const names = new Map<string, string>();
  let fresh = 0;
  const freshName = (): string => {
    for (;;) {
      const name = String.fromCharCode(65 + (Math.floor(fresh / 26) % 26), 65 + (fresh % 26)) + (fresh >= 676 ? String(Math.floor(fresh / 676)) : "");
      fresh++;
      if (!body.includes(name)) return name;
    }
  };
  const replaced = body.replace(/\$\{([^}]*)\}/g, (whole, key: string) => {
    const m = /^metric:(.*)$/.exec(key);
    if (!m) throw new ExpressionError(modelMessage.unknownSpaceReference(whole));
    const index = byId.get(m[1]);
    if (index === undefined) throw new ExpressionError(modelMessage.deletedMetric(m[1]));
    let name = names.get(m[1]);
    if (name === undefined) {
      name = freshName();
      names.set(m[1], name);
      inputs.push({ name, index });
    }
    return name;
  });
  return { body, compiled: compileFunction(replaced).compiled, inputs };
}

/** The 2016 style: bare readableIds, read from a scope keyed by readableId. */
function legacyPlan(body: string, byReadable: ReadonlyMap<string, number>): FunctionPlan {
  const { compiled, symbols } = compileFunction(body);
  const inputs = [...symbols].filter((s) => byReadable.has(s)).map((name) => ({ name, index: byReadable.get(name) as number }));
  return { body, compiled, inputs };
}

/** Most broken ancestors a "Broken input" message names. */
const maxBrokenNamed = 30;

/** Options of `evaluateSpace`. */
export interface EvaluateSpaceOptions {
  /** Guesstimate's n: draws of a range, and the most samples of a FUNCTION. */
  samples?: number;
  seed?: number;
}

/** Defaults of `EvaluateSpaceOptions`: Guesstimate's 5,000 samples (src/lib/engine/simulation.ts NUM_SAMPLES), seed 1. */
export const defaultEvaluateSpaceOptions: Required<EvaluateSpaceOptions> = { samples: 5000, seed: 1 };

/** One metric's result: its samples (none when it has an error) or the error Guesstimate shows. */
export interface MetricResult {
  /** Every sample in order; a filtered sample is NaN with `filtered[i]` 1. */
  samples: Float64Array;
  filtered: Uint8Array | null;
  error: string | null;
}

/** Strongly connected components of the reference graph with more than one metric, or a metric reading itself (iterative Tarjan). */
function cycles(space: ParsedSpace): number[][] {
  const n = space.metrics.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, k] = top;
      const refs = space.metrics[v].refs;
      if (k < refs.length) {
        top[1]++;
        const w = refs[k];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      work.pop();
      if (work.length) {
        const u = work[work.length - 1][0];
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || space.metrics[v].refs.includes(v)) out.push(comp.reverse());
      }
    }
  }
  return out;
}

/** Metrics in an order where every FUNCTION follows the metrics it reads; metrics on a cycle (and what reads them) come last. */
export function evaluationOrder(space: ParsedSpace): number[] {
  const n = space.metrics.length;
  const readers: number[][] = space.metrics.map(() => []);
  const pending = new Int32Array(n);
  space.metrics.forEach((m, i) => {
    for (const r of new Set(m.refs)) {
      readers[r].push(i);
      pending[i]++;
    }
  });
  const order: number[] = [];
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (pending[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    done[order[k]] = 1;
    for (const r of readers[order[k]]) if (--pending[r] === 0) order.push(r);
  }
  for (let i = 0; i < n; i++) if (!done[i]) order.push(i);
  return order;
}

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/** Guesstimate's sample count of a FUNCTION (Simulator.ts `neededSamples`). */
export function neededSamples(text: string, inputLengths: readonly number[], n: number): number {
  if (stochasticNames.some((name) => text.includes(name))) return n;
  if (inputLengths.length === 0) return 1;
  if (inputLengths.includes(n)) return n;
  let l = inputLengths[0];
  for (const x of inputLengths.slice(1)) {
    l = x === 0 || l === 0 ? 0 : (l / gcd(l, x)) * x;
    if (l > n) return n;
  }
  return Math.min(n, l);
}

/**
 * Sample every metric as Guesstimate does (see the module comment). A metric that cannot be
 * sampled gets its error; every metric reading it, directly or not, gets "Broken input"; the rest
 * of the space is evaluated.
 */
export function evaluateSpace(space: ParsedSpace, options: EvaluateSpaceOptions = {}): MetricResult[] {
  const n = options.samples ?? defaultEvaluateSpaceOptions.samples;
  const rng = seededRandom(options.seed ?? defaultEvaluateSpaceOptions.seed);
  useRandom(rng);
  const draw = guesstimateSamplers(() => rng) as unknown as Record<string, (...a: number[]) => number>;
  const metrics = space.metrics;
  const results: (MetricResult | null)[] = metrics.map(() => null);
  /** Per metric, the metrics with errors of their own among its ancestors. */
  const brokenAncestors: Set<number>[] = metrics.map(() => new Set());
  const ownError = new Uint8Array(metrics.length);
  const none = (error: string | null): MetricResult => ({ samples: new Float64Array(0), filtered: null, error });
  for (const cycle of cycles(space)) {
    const ids = cycle.map((i) => metrics[i].readableId);
    const error = modelMessage.cycle([...ids, ids[0]]);
    for (const i of cycle) {
      results[i] = none(error);
      ownError[i] = 1;
    }
  }
  for (const i of evaluationOrder(space)) {
    if (results[i]) continue;
    const m = metrics[i];
    const broken = brokenAncestors[i];
    // At most `maxBrokenNamed` named per metric: a long chain would otherwise hold quadratic sets.
    const add = (a: number) => {
      if (broken.size < maxBrokenNamed) broken.add(a);
    };
    for (const r of m.refs) {
      if (ownError[r]) add(r);
      for (const a of brokenAncestors[r]) add(a);
    }
    if (m.error !== null || m.guess === null) {
      results[i] = none(m.error ?? "");
      ownError[i] = 1;
      continue;
    }
    if (broken.size > 0) {
      const direct = [...broken].filter((b) => m.refs.includes(b)).map((b) => metrics[b].readableId);
      const upstream = [...broken].filter((b) => !m.refs.includes(b)).map((b) => metrics[b].readableId);
      results[i] = none(modelMessage.brokenInput(direct, upstream));
      continue;
    }
    const r = sampleMetric(m.guess, m.plan, n, results as MetricResult[], draw, (k) => metrics[k].readableId);
    results[i] = r;
    if (r.error !== null) ownError[i] = 1;
  }
  return results as MetricResult[];
}

function sampleMetric(
  guess: Guess,
  plan: FunctionPlan | null,
  n: number,
  results: readonly MetricResult[],
  draw: Record<string, (...a: number[]) => number>,
  readableId: (index: number) => string,
): MetricResult {
  const ok = (samples: Float64Array, filtered: Uint8Array | null = null): MetricResult => ({ samples, filtered, error: null });
  const drawn = (f: () => number): MetricResult => {
    const xs = new Float64Array(n);
    let infinite = false;
    for (let j = 0; j < n; j++) {
      const v = f();
      const kind = classifySample(v);
      if (kind === "invalid") return { samples: new Float64Array(0), filtered: null, error: modelMessage.samplingError(null) };
      if (kind === "infinite") infinite = true;
      xs[j] = v;
    }
    return infinite ? { samples: new Float64Array(0), filtered: null, error: modelMessage.divisionByZero() } : ok(xs);
  };
  switch (guess.kind) {
    case "none":
      return ok(new Float64Array(0));
    case "point":
      return ok(Float64Array.of(guess.value));
    case "data":
      return ok(guess.data);
    case "normal": {
      const mean = (guess.low + guess.high) / 2;
      const sd = (guess.high - mean) / 1.645;
      return drawn(() => draw.normal(mean, sd));
    }
    case "lognormal": {
      const lh = Math.log(guess.high);
      const ll = Math.log(guess.low);
      return drawn(() => draw.lognormal((lh + ll) / 2, (lh - ll) / (2 * 1.645)));
    }
    case "uniform":
      return drawn(() => draw.uniform(guess.low, guess.high));
    case "beta":
      return drawn(() => draw.beta(2 * guess.hits, 2 * (guess.total - guess.hits)));
    case "function":
      return runFunction(plan as FunctionPlan, n, results, readableId);
  }
}

function runFunction(plan: FunctionPlan, n: number, results: readonly MetricResult[], readableId: (index: number) => string): MetricResult {
  const inputs = plan.inputs.map((x) => ({ name: x.name, r: results[x.index] }));
  const empty = plan.inputs.find((x) => results[x.index].samples.length === 0);
  const fail = (error: string): MetricResult => ({ samples: new Float64Array(0), filtered: null, error });
  const count = neededSamples(plan.body, [...new Set(inputs.map((x) => x.r.samples.length))], n);
  if (empty) return fail(modelMessage.emptyInput(readableId(empty.index)));
  const xs = new Float64Array(count);
  let filtered: Uint8Array | null = null;
  let anyKept = false;
  let infinite = false;
  const usesFilter = filterNames.some((f) => plan.body.includes(f));
  for (let i = 0; i < count; i++) {
    const scope = new Map<string, unknown>();
    let inputFiltered = false;
    for (const { name, r } of inputs) {
      const k = i % r.samples.length;
      if (r.filtered?.[k]) inputFiltered = true;
      scope.set(name, r.samples[k]);
    }
    let v: unknown;
    if (inputFiltered) v = sampleFiltered;
    else
      try {
        v = plan.compiled.evaluate(scope);
      } catch (e) {
        if (e instanceof RangeError) return fail(modelMessage.samplingError(modelMessage.stackExhausted()));
        const message = e instanceof Error ? e.message : String(e);
        if (usesFilter && message.includes("Unexpected type of argument in function")) v = sampleFiltered;
        else return fail(modelMessage.samplingError(message));
      }
    switch (classifySample(v)) {
      case "number":
        xs[i] = v as number;
        anyKept = true;
        break;
      case "infinite":
        xs[i] = v as number;
        infinite = true;
        break;
      case "filtered":
        filtered ??= new Uint8Array(count);
        filtered[i] = 1;
        xs[i] = NaN;
        break;
      case "unit":
        return fail(modelMessage.functionUnits());
      case "function":
        return fail(modelMessage.incompleteFunction());
      case "invalid":
        return fail(modelMessage.samplingError(modelMessage.notANumberSample(describeValue(v))));
    }
  }
  if (infinite) return fail(modelMessage.divisionByZero());
  if (!anyKept && count > 0) return fail(modelMessage.allFiltered());
  return { samples: xs, filtered, error: null };
}

function describeValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return `the boolean ${v}`;
  if (v === undefined) return "undefined";
  const name = (v as { constructor?: { name?: string } }).constructor?.name;
  return name === "Complex" ? `the complex number ${String(v)}` : name ? `a ${name}` : typeof v;
}

/** DATA metrics holding more values than `samples`: a FUNCTION reading them uses only their first `samples` values. */
export function dataBeyondSamples(space: ParsedSpace, samples: number): { readableId: string; values: number }[] {
  const read = new Set<number>();
  for (const m of space.metrics) for (const r of m.refs) read.add(r);
  const out: { readableId: string; values: number }[] = [];
  space.metrics.forEach((m, i) => {
    if (m.guess?.kind === "data" && m.guess.data.length > samples && read.has(i)) out.push({ readableId: m.readableId, values: m.guess.data.length });
  });
  return out;
}

/** Metrics that no FUNCTION refers to and that are FUNCTIONs themselves: the model's outputs. */
export function outputMetrics(space: ParsedSpace): number[] {
  const used = new Set<number>();
  for (const m of space.metrics) for (const r of m.refs) used.add(r);
  return space.metrics.map((m, i) => (m.type === "FUNCTION" && !used.has(i) ? i : -1)).filter((i) => i >= 0);
}
