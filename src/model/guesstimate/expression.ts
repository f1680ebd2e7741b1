/**
 * A small, safe evaluator for Guesstimate FUNCTION text (the part of mathjs syntax these models
 * use) — a tokenizer and a recursive-descent parser that build closures; no `eval`, no
 * property access, no assignment.
 *
 * Grammar, loosest first (as mathjs): `c ? a : b` (right-assoc), `or` / `||`, `and` / `&&`,
 * comparisons `< <= > >= == !=`, `+ -`, `* / %` (`%` and `mod` are the remainder), unary
 * `- + not !`, `^` (right-assoc, binds tighter than unary minus: -2^2 = -4), calls and
 * parentheses. Operands: numbers (1, 2.5, 1e-3), `${metric:ID}` and bare metric readableIds
 * (the legacy `input` style), constants `pi`, `e`, `true`, `false`.
 * Functions: randomInt(max) / randomInt(min, max) (an integer in [min, max): the upper bound is
 * excluded, as mathjs), random() / random(min, max) (uniform [min, max)), normal(mean, sd),
 * lognormal(meanlog, sdlog), uniform(low, high), triangular(low, mode, high), bernoulli(p),
 * exponential(rate), min, max, abs, sqrt, exp, log(x) / log(x, base), log10, pow, floor, ceil,
 * round(x [, digits]). Booleans are 1 and 0.
 *
 * Limits: nesting (parentheses, calls, unary signs, `^`, `? :`) is refused beyond
 * `maxExpressionDepth` levels with an error naming the limit, so a hostile file cannot overflow
 * the stack; chains of one precedence level (`a + b + ... + z`, 10,000 terms or more) are
 * evaluated in a loop, left to right as written, not as nested closures.
 */
import type { Random } from "../../util/random.js";
import { modelMessage } from "../../messages.js";

/** Reads the current sample of a metric (index from the resolver). */
export type Compiled = (metric: (index: number) => number, rng: Random) => number;

/** Thrown for text that does not parse; `at` is the 0-based character offset. */
export class ExpressionError extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(modelMessage.expressionSyntax(at, reason));
  }
}

type Token =
  | { t: "num"; v: number; at: number }
  | { t: "id"; v: string; at: number }
  | { t: "ref"; v: string; at: number }
  | { t: "op"; v: string; at: number }
  | { t: "end"; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const ops = ["<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "^", "(", ")", ",", "?", ":", "<", ">", "!"];
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: "num", v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    if (text.startsWith("${", i)) {
      const m = /^\$\{metric:([^}]+)\}/.exec(text.slice(i));
      if (!m) throw new ExpressionError(i, "expected ${metric:ID}");
      out.push({ t: "ref", v: m[1].trim(), at: i });
      i += m[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: "id", v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const op = ops.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(i, `unexpected character ${JSON.stringify(ch)}`);
    out.push({ t: "op", v: op, at: i });
    i += op.length;
  }
  out.push({ t: "end", at: text.length });
  return out;
}

type Fn = { arity: number[]; f: (args: number[], rng: Random) => number };

const functions: Record<string, Fn> = {
  randomInt: {
    arity: [1, 2],
    f: (a, rng) => {
      const [lo, hi] = a.length === 1 ? [0, a[0]] : [a[0], a[1]];
      return Math.floor(lo + rng.uniform() * (hi - lo));
    },
  },
  random: { arity: [0, 1, 2], f: (a, rng) => (a.length === 0 ? rng.uniform() : a.length === 1 ? rng.uniform() * a[0] : a[0] + rng.uniform() * (a[1] - a[0])) },
  normal: { arity: [2], f: (a, rng) => a[0] + a[1] * rng.normal() },
  lognormal: { arity: [2], f: (a, rng) => Math.exp(a[0] + a[1] * rng.normal()) },
  uniform: { arity: [2], f: (a, rng) => a[0] + rng.uniform() * (a[1] - a[0]) },
  triangular: {
    arity: [3],
    f: ([lo, mode, hi], rng) => {
      const u = rng.uniform();
      const c = (mode - lo) / (hi - lo);
      return u < c ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
    },
  },
  bernoulli: { arity: [1], f: (a, rng) => (rng.uniform() < a[0] ? 1 : 0) },
  exponential: { arity: [1], f: (a, rng) => -Math.log(1 - rng.uniform()) / a[0] },
  min: { arity: [1, 2, 3, 4, 5, 6, 7, 8], f: (a) => Math.min(...a) },
  max: { arity: [1, 2, 3, 4, 5, 6, 7, 8], f: (a) => Math.max(...a) },
  abs: { arity: [1], f: (a) => Math.abs(a[0]) },
  sqrt: { arity: [1], f: (a) => Math.sqrt(a[0]) },
  exp: { arity: [1], f: (a) => Math.exp(a[0]) },
  log: { arity: [1, 2], f: (a) => (a.length === 1 ? Math.log(a[0]) : Math.log(a[0]) / Math.log(a[1])) },
  log10: { arity: [1], f: (a) => Math.log10(a[0]) },
  pow: { arity: [2], f: (a) => Math.pow(a[0], a[1]) },
  floor: { arity: [1], f: (a) => Math.floor(a[0]) },
  ceil: { arity: [1], f: (a) => Math.ceil(a[0]) },
  round: { arity: [1, 2], f: (a) => (a.length === 1 ? Math.round(a[0]) : Math.round(a[0] * 10 ** a[1]) / 10 ** a[1]) },
};

/** Names of the supported functions. */
export const expressionFunctions: readonly string[] = Object.keys(functions);

/** The deepest nesting compileExpression accepts (parentheses, calls, unary signs, `^`, `? :`). */
export const maxExpressionDepth = 200;

/**
 * A left-associative chain `t0 op1 t1 op2 t2 ...` as one loop: the value is folded left to right
 * (each step sees the value so far and a thunk for its right operand, so `and`/`or` can skip it),
 * the same order and rounding as nested binary closures, without their recursion.
 */
function chain(first: Compiled, steps: { op: (v: number, next: () => number) => number; term: Compiled }[]): Compiled {
  if (steps.length === 0) return first;
  return (m, r) => {
    let v = first(m, r);
    for (const { op, term } of steps) v = op(v, () => term(m, r));
    return v;
  };
}

const constants: Record<string, number> = { pi: Math.PI, e: Math.E, true: 1, false: 0 };
const words = new Set(["or", "and", "not", "mod"]);

/**
 * Compile `text` (without the leading "="). `resolve(name, kind)` maps a reference (a
 * `${metric:ID}` id, or a bare identifier) to a metric index, or returns undefined when there
 * is none (a bare identifier that is no metric is then an error naming it).
 */
export function compileExpression(text: string, resolve: (name: string, kind: "ref" | "bare") => number | undefined): { run: Compiled; refs: number[] } {
  const tokens = tokenize(text);
  let pos = 0;
  const refs = new Set<number>();
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const t = tokens[pos];
    return (t.t === "op" && t.v === v) || (t.t === "id" && t.v === v && words.has(v));
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(peek().at, peek().t === "end" ? `unexpected end, expected "${v}"` : `expected "${v}"`);
    pos++;
  };

  let depth = 0;
  /** Run one nesting level; deeper than maxExpressionDepth is an error, not a stack overflow. */
  const nested = <T>(f: () => T): T => {
    if (++depth > maxExpressionDepth) throw new ExpressionError(peek().at, modelMessage.expressionTooDeep(maxExpressionDepth));
    try {
      return f();
    } finally {
      depth--;
    }
  };

  const ternary = (): Compiled =>
    nested(() => {
      const c = or();
      if (!isOp("?")) return c;
      pos++;
      const a = ternary();
      expect(":");
      const b = ternary();
      return (m, r) => (c(m, r) ? a(m, r) : b(m, r));
    });
  const or = (): Compiled => {
    const first = and();
    const steps: Parameters<typeof chain>[1] = [];
    while (isOp("or") || isOp("||")) {
      pos++;
      steps.push({ op: (v, next) => (v || next() ? 1 : 0), term: and() });
    }
    return chain(first, steps);
  };
  const and = (): Compiled => {
    const first = comparison();
    const steps: Parameters<typeof chain>[1] = [];
    while (isOp("and") || isOp("&&")) {
      pos++;
      steps.push({ op: (v, next) => (v && next() ? 1 : 0), term: comparison() });
    }
    return chain(first, steps);
  };
  const cmp: Record<string, (x: number, y: number) => boolean> = {
    "<": (x, y) => x < y,
    "<=": (x, y) => x <= y,
    ">": (x, y) => x > y,
    ">=": (x, y) => x >= y,
    "==": (x, y) => x === y,
    "!=": (x, y) => x !== y,
  };
  const comparison = (): Compiled => {
    const first = additive();
    const steps: Parameters<typeof chain>[1] = [];
    for (;;) {
      const op = ["<=", ">=", "==", "!=", "<", ">"].find((o) => isOp(o));
      if (!op) return chain(first, steps);
      pos++;
      const f = cmp[op];
      steps.push({ op: (v, next) => (f(v, next()) ? 1 : 0), term: additive() });
    }
  };
  const additive = (): Compiled => {
    const first = multiplicative();
    const steps: Parameters<typeof chain>[1] = [];
    while (isOp("+") || isOp("-")) {
      const op = (peek() as { v: string }).v;
      pos++;
      steps.push({ op: op === "+" ? (v, next) => v + next() : (v, next) => v - next(), term: multiplicative() });
    }
    return chain(first, steps);
  };
  const multiplicative = (): Compiled => {
    const first = unary();
    const steps: Parameters<typeof chain>[1] = [];
    while (isOp("*") || isOp("/") || isOp("%") || isOp("mod")) {
      const op = (peek() as { v: string }).v;
      pos++;
      steps.push({
        op:
          op === "*"
            ? (v, next) => v * next()
            : op === "/"
              ? (v, next) => v / next()
              : (x, next) => {
                  const y = next();
                  return y === 0 ? x : x - y * Math.floor(x / y); // mathjs mod: sign of the divisor
                },
        term: unary(),
      });
    }
    return chain(first, steps);
  };
  const unary = (): Compiled => {
    if (isOp("-")) {
      pos++;
      const a = nested(unary);
      return (m, r) => -a(m, r);
    }
    if (isOp("+")) {
      pos++;
      return nested(unary);
    }
    if (isOp("not") || isOp("!")) {
      pos++;
      const a = nested(unary);
      return (m, r) => (a(m, r) ? 0 : 1);
    }
    return power();
  };
  const power = (): Compiled => {
    const base = primary();
    if (!isOp("^")) return base;
    pos++;
    const ex = nested(unary);
    return (m, r) => Math.pow(base(m, r), ex(m, r));
  };
  const primary = (): Compiled => {
    const t = peek();
    if (t.t === "num") {
      pos++;
      const v = t.v;
      return () => v;
    }
    if (t.t === "ref") {
      pos++;
      const i = resolve(t.v, "ref");
      if (i === undefined) throw new ExpressionError(t.at, modelMessage.unknownMetricReference(t.v));
      refs.add(i);
      return (m) => m(i);
    }
    if (t.t === "op" && t.v === "(") {
      pos++;
      const e = ternary();
      expect(")");
      return e;
    }
    if (t.t === "id" && !words.has(t.v)) {
      pos++;
      const next = peek();
      if (next.t === "op" && next.v === "(") {
        const fn = Object.hasOwn(functions, t.v) ? functions[t.v] : undefined;
        if (!fn) throw new ExpressionError(t.at, modelMessage.unknownFunction(t.v, expressionFunctions));
        pos++;
        const args: Compiled[] = [];
        if (!isOp(")")) {
          args.push(ternary());
          while (isOp(",")) {
            pos++;
            args.push(ternary());
          }
        }
        expect(")");
        if (!fn.arity.includes(args.length)) {
          const a = fn.arity.length === 1 ? String(fn.arity[0]) : `${fn.arity[0]} to ${fn.arity[fn.arity.length - 1]}`;
          throw new ExpressionError(t.at, modelMessage.wrongArity(t.v, a, args.length));
        }
        const f = fn.f;
        return (m, r) =>
          f(
            args.map((a) => a(m, r)),
            r,
          );
      }
      const i = resolve(t.v, "bare");
      if (i !== undefined) {
        refs.add(i);
        return (m) => m(i);
      }
      if (Object.hasOwn(constants, t.v)) {
        const v = constants[t.v];
        return () => v;
      }
      throw new ExpressionError(t.at, modelMessage.unknownMetricReference(t.v));
    }
    throw new ExpressionError(t.at, t.t === "end" ? "unexpected end of expression" : `unexpected ${JSON.stringify((t as { v: unknown }).v)}`);
  };

  const run = ternary();
  if (peek().t !== "end") throw new ExpressionError(peek().at, `unexpected ${JSON.stringify((peek() as { v: unknown }).v)}`);
  return { run, refs: [...refs] };
}
