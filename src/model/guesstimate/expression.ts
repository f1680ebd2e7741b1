/**
 * Guesstimate FUNCTION text evaluated with mathjs, as Guesstimate evaluates it
 * (guesstimate-app src/lib/guesstimator/samplers/simulator-worker/simulator/evaluator.ts): mathjs
 * `create(all)` with Guesstimate's additions imported over it (the samplers of samplers.ts,
 * `scenarios`, the filters), and mathjs's own `random`, `randomInt` and `pickRandom` drawn from
 * chp's seeded generator.
 *
 * Restricted as mathjs's security guidance says (mathjs docs "Security"): the instance's
 * `import`, `createUnit`, `evaluate`, `parse`, `simplify`, `derivative`, `resolve` and `compile`
 * throw when an expression calls them; chp keeps its own reference to the parser. mathjs itself
 * refuses `constructor`, `__proto__` and other non-plain properties, and evaluates no JavaScript.
 *
 * One sample's value is classified as Guesstimate does: a finite number is kept; ±Infinity is a
 * "division by zero" error (sampling goes on); NaN, booleans, complex numbers, matrices and
 * undefined are a sampling error (sampling stops); a unit or a function value is a parser error.
 */
import { createRequire } from "node:module";
import type { EvalFunction, MathJsInstance, MathNode } from "mathjs";
import { modelMessage } from "../../messages.js";
import { seededRandom, type Random } from "../../util/random.js";
import { guesstimateSamplers, scenarios } from "./samplers.js";

/** Thrown when FUNCTION text does not compile; the message is mathjs's (as Guesstimate shows it). */
export class ExpressionError extends Error {}

/** A filtered sample (filterLessThan, filterGreaterThan, filterBetween): it and every sample computed from it are left out. */
export const sampleFiltered: { readonly filtered: true } = Object.freeze({ filtered: true });

/** Names of the filter functions. */
export const filterNames: readonly string[] = ["filterLessThan", "filterGreaterThan", "filterBetween"];

let rng: Random = seededRandom(1);

function pick(values: readonly unknown[], weights?: readonly number[]): unknown {
  if (!weights) return values[Math.floor(rng.uniform() * values.length)];
  return scenarios(rng, values, weights);
}

/**
 * mathjs, loaded at the first expression (its CommonJS build, synchronously): loading it takes
 * about a second of CPU, which a program that imports chp for anything else should not pay.
 */
const loadMathjs = (): typeof import("mathjs") => createRequire(import.meta.url)("mathjs");

function instance(): { math: MathJsInstance; parse: (text: string) => MathNode } {
  const { all, create } = loadMathjs();
  const math = create(all);
  const parse = math.parse;
  math.import(
    guesstimateSamplers(() => rng),
    { override: true },
  );
  math.import(
    {
      filterLessThan: (v: number, min: number) => (v < min ? sampleFiltered : v),
      filterGreaterThan: (v: number, max: number) => (v > max ? sampleFiltered : v),
      filterBetween: (v: number, min: number, max: number) => (v < min || v > max ? sampleFiltered : v),
      random: (a?: number, b?: number) => (a === undefined ? rng.uniform() : b === undefined ? a * rng.uniform() : a + (b - a) * rng.uniform()),
      randomInt: (a: number, b?: number) => (b === undefined ? Math.floor(a * rng.uniform()) : Math.floor(a + (b - a) * rng.uniform())),
    },
    { override: true },
  );
  math.import(
    {
      scenarios: (values: unknown[], weights: number[]) => scenarios(rng, values, weights),
      pickRandom: (values: unknown[], second?: number | number[], third?: number[]) => {
        const weights = Array.isArray(second) ? second : third;
        const count = typeof second === "number" ? second : 1;
        if (count === 1) return pick(values, weights);
        return Array.from({ length: count }, () => pick(values, weights));
      },
    },
    { override: true, wrap: true },
  );
  const disabled = (name: string) => () => {
    throw new Error(`Function ${name} is disabled`);
  };
  math.import(Object.fromEntries(["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "resolve", "compile"].map((n) => [n, disabled(n)])), {
    override: true,
  });
  return { math, parse };
}

let shared: ReturnType<typeof instance> | null = null;

/** The restricted mathjs instance (made once). */
function mathjs(): ReturnType<typeof instance> {
  shared ??= instance();
  return shared;
}

/** Draw the random functions of every compiled FUNCTION from `r` from now on. */
export function useRandom(r: Random): void {
  rng = r;
}

/** FUNCTION text (without the "=") compiled, and the names of the symbols it reads; throws ExpressionError with mathjs's message. */
export function compileFunction(text: string): { compiled: EvalFunction; symbols: Set<string> } {
  try {
    const node = mathjs().parse(text);
    const symbols = new Set<string>();
    node.traverse((n) => {
      if ((n as { isSymbolNode?: boolean }).isSymbolNode) symbols.add((n as unknown as { name: string }).name);
    });
    return { compiled: node.compile(), symbols };
  } catch (e) {
    if (e instanceof RangeError) throw new ExpressionError(modelMessage.stackExhausted());
    throw new ExpressionError(e instanceof Error ? e.message : String(e));
  }
}

/** What one evaluated sample is. */
export type SampleKind = "number" | "infinite" | "filtered" | "unit" | "function" | "invalid";

/** Classify a value an expression returned (Guesstimate's evaluator). */
export function classifySample(v: unknown): SampleKind {
  if (typeof v === "number") return Number.isFinite(v) ? "number" : Number.isNaN(v) ? "invalid" : "infinite";
  if (v === sampleFiltered) return "filtered";
  if (typeof v === "function") return "function";
  if (mathjs().math.isUnit(v)) return "unit";
  return "invalid";
}
