/**
 * Writing Guesstimate spaces.
 *
 * `modelToSpace`: a response-time model becomes
 * - POINT metrics for the hit rates, in percent ("40");
 * - LOGNORMAL / NORMAL / UNIFORM metrics "[low,high]" for ranges, POINT for point latencies;
 * - DATA metrics for empirical latencies (at most 10,000 values, drawn at random from the
 *   distribution — a shuffle when it has at most 10,000 samples — because Guesstimate uses DATA
 *   values in order; 2,501 to 4,999 values are written twice each, see `badDataLengths`);
 * Numbers are plain decimals (`plainDecimal`), never exponent notation, which Guesstimate refuses.
 * - one FUNCTION metric for the response:
 *   `=${metric:CP} + (randomInt(0, 100) < ${metric:MH} ? ${metric:ML} : ${metric:DL})`;
 *   randomInt's upper bound is excluded, so `randomInt(0, 100) < 40` holds with probability
 *   exactly 0.40 (a finer range such as randomInt(0, 10000) is used for fractional percents).
 * Grid: column 0 hit rates, column 1 latencies, column 2 the response; the base on row 0,
 * tier i on row i + 1. readableIds are two capital letters, unique, from the names.
 *
 * `samplesToSpace`: measured latencies become DATA metrics (as spigo exported its histograms).
 */
import { seededRandom, type Random } from "../../util/random.js";
import { empiricalQuantile } from "../empirical.js";
import type { Distribution } from "../distribution.js";
import { Z95 } from "../normal.js";
import type { ResponseModel } from "../types.js";
import { maxDataSamples, type Space, type SpaceGuesstimate, type SpaceMetric } from "./space.js";

/** Options of `modelToSpace` and `samplesToSpace`. */
export interface SpaceExportOptions {
  /** Says what generated the space (goes into the description). */
  generator?: string;
  /** Seed for the DATA draws. */
  seed?: number;
  /** Most values per DATA metric (at most 10,000). */
  dataSamples?: number;
}

/** Defaults of `SpaceExportOptions`. */
export const defaultSpaceExportOptions: Required<SpaceExportOptions> = { generator: "chp", seed: 1, dataSamples: maxDataSamples };

/** Unique two-letter readableIds from names: initials of the first two words, else the first two letters, else the next free pair. */
export class ReadableIds {
  private used = new Set<string>();
  next(name: string): string {
    const letters = name
      .toUpperCase()
      .replace(/[^A-Z ]+/g, " ")
      .trim();
    const words = letters.split(/\s+/).filter(Boolean);
    const candidates: string[] = [];
    if (words.length >= 2) candidates.push(words[0][0] + words[1][0]);
    if (words.length >= 1 && words[0].length >= 2) candidates.push(words[0].slice(0, 2));
    if (words.length >= 1) for (const w of words.slice(1).join("") + words[0].slice(1)) candidates.push(words[0][0] + w);
    for (const c of candidates) if (!this.used.has(c)) return this.take(c);
    for (let a = 0; a < 26; a++)
      for (let b = 0; b < 26; b++) {
        const c = String.fromCharCode(65 + a, 65 + b);
        if (!this.used.has(c)) return this.take(c);
      }
    throw new RangeError("more than 676 metrics");
  }
  private take(id: string): string {
    this.used.add(id);
    return id;
  }
}

/**
 * A number as a plain decimal of 12 significant digits, never in exponent notation: Guesstimate's
 * number format has none ("1e-7" is "Improper syntax" there), so 1e-7 is written 0.0000001 and
 * 2e21 as 2000000000000000000000.
 */
export function plainDecimal(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  const text = String(+v.toPrecision(12));
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction = "", exp] = m;
  const digits = whole + fraction;
  const point = whole.length + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`.replace(/0+$/, "");
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const num = plainDecimal;

/**
 * Guesstimate splits a FUNCTION's 5,000 samples over two workers; an input with more than half
 * and fewer than all of them (2,501 to 4,999 values) reaches mathjs as a whole array at some
 * samples ("Sampling error detected"). The band chp never writes as a DATA length.
 */
export const badDataLengths = { from: 2501, to: 4999 } as const;

/** `values` as DATA Guesstimate samples without error: a length in the bad band is doubled (each value twice, the same distribution). */
export function safeData(values: number[], rng: Random): number[] {
  if (values.length < badDataLengths.from || values.length > badDataLengths.to) return values;
  const twice = [...values, ...values];
  return shuffle(twice, rng);
}

function shuffle(a: number[], rng: Random): number[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * The space as JSON text (two-space indent, as JSON.stringify(space, null, 2)) with every number a
 * plain decimal: JSON.stringify writes 1e-7 for 0.0000001, which Guesstimate reads in data but
 * which chp keeps out of its files altogether.
 */
export function spaceJson(space: Space): string {
  const write = (v: unknown, indent: string): string => {
    if (typeof v === "number") return plainDecimal(v);
    if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
    const inner = indent + "  ";
    if (Array.isArray(v)) return v.length === 0 ? "[]" : `[\n${v.map((x) => inner + write(x, inner)).join(",\n")}\n${indent}]`;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return entries.length === 0 ? "{}" : `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(",\n")}\n${indent}}`;
  };
  return write(space, "") + "\n";
}

/** The smallest randomInt range (100, 1000, ...) that states every hit rate in percent exactly. */
function hitScale(percents: readonly number[]): number {
  for (let d = 0; d <= 6; d++) {
    const f = 10 ** d;
    if (percents.every((p) => Math.abs(p * f - Math.round(p * f)) < 1e-9 * f)) return d;
  }
  return 6;
}

function dataSamples(d: Extract<Distribution, { kind: "empirical" }>, max: number, seed: number): number[] {
  const rng = seededRandom(seed);
  const e = d.empirical;
  if (e.kind === "samples" && e.sorted.length <= max) return safeData(shuffle(Array.from(e.sorted), rng), rng);
  return safeData(
    Array.from({ length: max }, () => +empiricalQuantile(e, rng.uniform()).toPrecision(12)),
    rng,
  );
}

function latencyGuess(d: Distribution, metric: string, description: string, o: Required<SpaceExportOptions>, seed: number): SpaceGuesstimate {
  switch (d.kind) {
    case "point":
      return { metric, expression: num(d.value), guesstimateType: "POINT", description };
    case "uniform":
    case "normal":
    case "lognormal":
      return { metric, expression: `[${num(d.low)},${num(d.high)}]`, guesstimateType: d.kind.toUpperCase(), description };
    case "empirical":
      return { metric, expression: "", guesstimateType: "DATA", data: dataSamples(d, Math.min(o.dataSamples, maxDataSamples), seed), description };
  }
}

/** The model as a Guesstimate space. */
export function modelToSpace(model: ResponseModel, options: SpaceExportOptions = {}): Space {
  const o = { ...defaultSpaceExportOptions, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const ids = new ReadableIds();
  const unit = model.unit ? ` (${model.unit})` : "";
  const metrics: SpaceMetric[] = [];
  const guesses: SpaceGuesstimate[] = [];
  const add = (name: string, row: number, column: number, g: (id: string) => SpaceGuesstimate): string => {
    const id = ids.next(name);
    metrics.push({ id, readableId: id, name, location: { row, column } });
    guesses.push(g(id));
    return id;
  };
  let baseRef = "";
  if (model.base) {
    const b = model.base;
    baseRef = add(`${b.name} latency${unit}`, 0, 1, (id) => latencyGuess(b.latency, id, `${b.name}: added to every request`, o, o.seed));
  }
  const last = model.tiers.length - 1;
  const percents = model.tiers.slice(0, last).map((t) => t.hitRate * 100);
  const d = hitScale(percents);
  const range = 100 * 10 ** d;
  const tierRefs = model.tiers.map((t, i) => {
    const latency = add(`${t.name} latency${unit}`, i + 1, 1, (id) =>
      latencyGuess(t.latency, id, t.description ?? `latency when ${t.name} serves the request`, o, o.seed + i + 1),
    );
    const hit =
      i < last
        ? add(`${t.name} hit rate (%)`, i + 1, 0, (id) => ({
            metric: id,
            expression: num(t.hitRate * 100),
            guesstimateType: "POINT",
            description: `percent of the requests reaching ${t.name} that it serves`,
          }))
        : null;
    return { latency, hit };
  });
  let choice = `\${metric:${tierRefs[last].latency}}`;
  for (let i = last - 1; i >= 0; i--) {
    const hit = d === 0 ? `\${metric:${tierRefs[i].hit}}` : `\${metric:${tierRefs[i].hit}} * ${10 ** d}`;
    choice = `(randomInt(0, ${range}) < ${hit} ? \${metric:${tierRefs[i].latency}} : ${choice})`;
  }
  if (last === 0) choice = `(${choice})`;
  const fn = `=${baseRef ? `\${metric:${baseRef}} + ` : ""}${choice}`;
  add(`response${unit}`, 0, 2, (id) => ({
    metric: id,
    expression: fn,
    guesstimateType: "FUNCTION",
    description: `${model.base ? `${model.base.name} + ` : ""}the latency of the tier that serves the request; randomInt(0, ${range}) excludes ${range}`,
  }));
  const tierText = model.tiers.map((t, i) => (i < last ? `${t.name} ${+(t.hitRate * 100).toPrecision(6)}%` : t.name)).join(", ");
  return {
    space: {
      name: model.name,
      description: `Generated by ${o.generator}: response-time model ${JSON.stringify(model.name)} (${tierText}).${model.description ? " " + model.description : ""}`,
      is_private: true,
      graph: { metrics, guesstimates: guesses },
    },
  };
}

/** Measured latencies as DATA metrics, one per column, in one grid column. */
export function samplesToSpace(name: string, columns: readonly { name: string; values: ArrayLike<number> }[], options: SpaceExportOptions = {}): Space {
  const o = { ...defaultSpaceExportOptions, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const ids = new ReadableIds();
  const metrics: SpaceMetric[] = [];
  const guesses: SpaceGuesstimate[] = [];
  const max = Math.min(o.dataSamples, maxDataSamples);
  columns.forEach((c, i) => {
    const id = ids.next(c.name);
    metrics.push({ id, readableId: id, name: c.name, location: { row: i, column: 0 } });
    const all = Array.from(c.values).filter((v) => Number.isFinite(v));
    let data = all;
    let note = `all ${all.length} measured values, in file order`;
    if (all.length > max) {
      // A random sample without replacement (seeded), in random order.
      const rng = seededRandom(o.seed + i);
      const a = all.slice();
      for (let k = 0; k < max; k++) {
        const j = k + Math.floor(rng.uniform() * (a.length - k));
        [a[k], a[j]] = [a[j], a[k]];
      }
      data = a.slice(0, max);
      note = `${max} of ${all.length} measured values, drawn at random`;
    }
    if (data.length >= badDataLengths.from && data.length <= badDataLengths.to) {
      note += `, each twice in random order (Guesstimate fails on DATA of ${badDataLengths.from} to ${badDataLengths.to} values)`;
      data = safeData(data.slice(), seededRandom(o.seed + i));
    }
    guesses.push({ metric: id, expression: "", guesstimateType: "DATA", data, description: note });
  });
  return { space: { name, description: `Generated by ${o.generator}: measured data`, is_private: true, graph: { metrics, guesstimates: guesses } } };
}

/** One lognormal mode of a mixture: its weight and its log-space mean and standard deviation. */
export interface SpaceMode {
  weight: number;
  meanlog: number;
  sdlog: number;
}

/**
 * A mixture of lognormal modes (as `chp modes` fits) as the response-time model it implies:
 * mode i is a tier with latency LOGNORMAL [p5, p95] (Guesstimate's 90% interval) reached with
 * hit rate `hitRates[i]` (h1 = w1, h2 = w2 / (1 - w1), ...), the last mode takes the rest.
 */
export function modesToModel(name: string, modes: readonly SpaceMode[], hitRates: readonly number[], unit?: string): ResponseModel {
  return {
    name,
    unit,
    base: null,
    tiers: modes.map((m, i) => ({
      name: `mode ${i + 1}`,
      hitRate: i === modes.length - 1 ? 1 : hitRates[i],
      latency: { kind: "lognormal", low: Math.exp(m.meanlog - Z95 * m.sdlog), high: Math.exp(m.meanlog + Z95 * m.sdlog) },
      description: `lognormal mode ${i + 1} of ${modes.length}: weight ${+(m.weight * 100).toPrecision(4)}%`,
    })),
  };
}
