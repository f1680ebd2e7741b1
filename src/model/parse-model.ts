/**
 * The model file (JSON), validated field by field; every error names the field:
 * `model.json: tiers[1].hitRate: 1.4 is not a probability in [0, 1]`.
 *
 * ```json
 * { "name": "...", "description": "...", "unit": "ms",
 *   "base": { "name": "cpu", "latency": { "lognormal": [0.1, 0.4] } },
 *   "tiers": [ { "name": "memcached", "hitRate": 0.4, "latency": { "lognormal": [0.4, 2] } },
 *              { "name": "mysql-disk", "latency": { "data": "disk.csv", "column": "latency_ms" } } ] }
 * ```
 * A latency is exactly one of `point` (a number), `uniform` / `normal` / `lognormal` ([low, high],
 * the 90% interval for normal and lognormal), `samples` (an array of numbers), `buckets`
 * ([{from, to, count}]) or `data` (a file, relative to the model file; with optional `column`);
 * `scale` multiplies empirical values (e.g. 1000 for seconds to ms).
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { DataError, UsageError } from "../errors.js";
import { checkInputFile } from "../load/open-input.js";
import { message, modelMessage } from "../messages.js";
import type { Distribution } from "./distribution.js";
import { empiricalFromBuckets, empiricalFromSamples, type Empirical, type WeightedBucket } from "./empirical.js";
import { defaultEmpiricalReaders, readLatencies, type EmpiricalReader } from "./read-latencies.js";
import type { ResponseModel, Tier } from "./types.js";

/** Where a model file's data files are found and how they are read. */
export interface ParseModelOptions {
  /** The model's file name, used in messages. */
  file?: string;
  /** Folder that `data` paths are relative to (default: the model file's folder, else the working folder). */
  baseDir?: string;
  readers?: Readonly<Record<string, EmpiricalReader>>;
  /** Called with the path of every data file the model reads (the CLI never writes over them). */
  onDataFile?: (path: string) => void;
}

export const latencyKinds = ["point", "uniform", "normal", "lognormal", "samples", "buckets", "data"] as const;
const latencyExtras = ["column", "scale"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Checker {
  constructor(readonly file: string | undefined) {}
  fail(text: string): never {
    throw new DataError(text, this.file ? { file: this.file } : {});
  }
  obj(v: unknown, path: string, expected = "an object"): Obj {
    if (v === undefined) this.fail(modelMessage.missingField(path, expected));
    if (!isObj(v)) this.fail(modelMessage.wrongType(path, v, expected));
    return v;
  }
  keys(o: Obj, path: string, known: readonly string[]): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.fail(modelMessage.unknownField(path, k, known));
  }
  str(v: unknown, path: string): string {
    if (typeof v !== "string" || v.trim() === "")
      this.fail(v === undefined ? modelMessage.missingField(path, "a name") : modelMessage.wrongType(path, v, "a non-empty string"));
    return v;
  }
  num(v: unknown, path: string): number {
    if (typeof v !== "number" || !Number.isFinite(v))
      this.fail(v === undefined ? modelMessage.missingField(path, "a number") : modelMessage.wrongType(path, v, "a finite number"));
    return v;
  }
  pair(v: unknown, path: string): [number, number] {
    if (!Array.isArray(v) || v.length !== 2) this.fail(modelMessage.wrongType(path, v, "a pair [low, high]"));
    return [this.num(v[0], `${path}[0]`), this.num(v[1], `${path}[1]`)];
  }
}

async function latency(c: Checker, v: unknown, path: string, o: ParseModelOptions): Promise<Distribution> {
  const spec = c.obj(v, path, `a latency: an object with one of ${latencyKinds.join(", ")}`);
  const found = Object.keys(spec).filter((k) => (latencyKinds as readonly string[]).includes(k));
  c.keys(spec, path, [...latencyKinds, ...latencyExtras]);
  if (found.length !== 1) c.fail(modelMessage.latencyKind(path, latencyKinds, found));
  const kind = found[0] as (typeof latencyKinds)[number];
  const at = `${path}.${kind}`;
  const value = spec[kind];
  if (kind !== "data" && spec.column !== undefined) c.fail(modelMessage.unknownField(path, "column", [...latencyKinds, "scale"]));
  const scale = spec.scale === undefined ? 1 : c.num(spec.scale, `${path}.scale`);
  if (!(scale > 0)) c.fail(modelMessage.wrongType(`${path}.scale`, scale, "a positive number"));
  if (kind === "point") return { kind, value: c.num(value, at) };
  if (kind === "uniform" || kind === "normal" || kind === "lognormal") {
    const [low, high] = c.pair(value, at);
    if (!(low < high) || (kind === "lognormal" && !(low > 0))) c.fail(modelMessage.badInterval(at, kind, low, high));
    return { kind, low, high };
  }
  let empirical: Empirical;
  let source: string | undefined;
  if (kind === "samples") {
    if (!Array.isArray(value)) c.fail(modelMessage.wrongType(at, value, "an array of numbers"));
    const xs = value.map((x, i) => {
      const v = c.num(x, `${at}[${i}]`);
      if (v < 0) c.fail(modelMessage.wrongType(`${at}[${i}]`, v, "a latency >= 0"));
      return v * scale;
    });
    empirical = empiricalFromSamples(xs);
  } else if (kind === "buckets") {
    if (!Array.isArray(value)) c.fail(modelMessage.wrongType(at, value, "an array of {from, to, count}"));
    const buckets: WeightedBucket[] = value.map((b, i) => {
      const p = `${at}[${i}]`;
      const bo = c.obj(b, p, "a bucket {from, to, count}");
      c.keys(bo, p, ["from", "to", "count"]);
      const from = c.num(bo.from, `${p}.from`) * scale;
      const to = c.num(bo.to, `${p}.to`) * scale;
      const count = c.num(bo.count, `${p}.count`);
      if (!(to >= from)) c.fail(modelMessage.badInterval(p, "bucket", from, to));
      if (from < 0) c.fail(modelMessage.wrongType(`${p}.from`, bo.from, "a latency >= 0"));
      if (!(count >= 0)) c.fail(modelMessage.wrongType(`${p}.count`, count, "a count >= 0"));
      return { from, to, count };
    });
    empirical = empiricalFromBuckets(buckets);
  } else {
    const name = c.str(value, at);
    const column = spec.column === undefined ? undefined : typeof spec.column === "number" ? spec.column : c.str(spec.column, `${path}.column`);
    const dir = o.baseDir ?? (o.file ? dirname(o.file) : ".");
    const path2 = isAbsolute(name) ? name : resolve(dir, name);
    o.onDataFile?.(path2);
    let data;
    try {
      data = await readLatencies(path2, { column, columnFlag: `${path}.column`, refuseNegative: true }, o.readers ?? defaultEmpiricalReaders);
    } catch (e) {
      // A column the model names that the file lacks is the model file's error.
      if (e instanceof DataError || e instanceof UsageError) c.fail(modelMessage.dataFile(at, name, e.message));
      throw e;
    }
    empirical = data.empirical;
    if (scale !== 1) {
      empirical =
        empirical.kind === "samples"
          ? empiricalFromSamples(empirical.sorted.map((x) => x * scale))
          : empiricalFromBuckets(empirical.buckets.map((b) => ({ from: b.from * scale, to: b.to * scale, count: b.count })));
    }
    source = name;
  }
  if ((empirical.kind === "samples" ? empirical.sorted.length : empirical.total) === 0) c.fail(modelMessage.emptyEmpirical(at));
  return { kind: "empirical", empirical, ...(source ? { source } : {}) };
}

function probability(c: Checker, v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
    c.fail(v === undefined ? modelMessage.missingField(path, "a hit rate in [0, 1]") : modelMessage.notAProbability(path, v));
  }
  return v;
}

/** Validate a parsed model file (any JSON value) and read its data files. */
export async function parseModel(json: unknown, options: ParseModelOptions = {}): Promise<ResponseModel> {
  const c = new Checker(options.file);
  const root = c.obj(json, "model", 'an object with "tiers"');
  c.keys(root, "model", ["name", "description", "unit", "base", "tiers"]);
  const name = root.name === undefined ? "response-time model" : c.str(root.name, "name");
  const description = root.description === undefined ? undefined : c.str(root.description, "description");
  const unit = root.unit === undefined ? undefined : c.str(root.unit, "unit");
  let base: ResponseModel["base"] = null;
  if (root.base !== undefined && root.base !== null) {
    const b = c.obj(root.base, "base", "an object {name, latency}");
    c.keys(b, "base", ["name", "latency"]);
    base = { name: b.name === undefined ? "base" : c.str(b.name, "base.name"), latency: await latency(c, b.latency, "base.latency", options) };
  }
  if (!Array.isArray(root.tiers))
    c.fail(
      root.tiers === undefined ? modelMessage.missingField("tiers", "an array of tiers") : modelMessage.wrongType("tiers", root.tiers, "an array of tiers"),
    );
  const list = root.tiers as unknown[];
  if (list.length === 0) c.fail(modelMessage.noTiers("tiers"));
  if (list.length > 255) c.fail(modelMessage.tooManyTiers("tiers", list.length));
  const tiers: Tier[] = [];
  const names = new Set<string>(base ? [base.name] : []);
  for (let i = 0; i < list.length; i++) {
    const p = `tiers[${i}]`;
    const t = c.obj(list[i], p, "a tier {name, hitRate, latency}");
    c.keys(t, p, ["name", "hitRate", "latency", "description"]);
    const tname = c.str(t.name, `${p}.name`);
    if (names.has(tname)) c.fail(modelMessage.duplicateName(`${p}.name`, tname));
    names.add(tname);
    const last = i === list.length - 1;
    let hitRate = 1;
    if (!last) hitRate = probability(c, t.hitRate, `${p}.hitRate`);
    else if (t.hitRate !== undefined) {
      const h = probability(c, t.hitRate, `${p}.hitRate`);
      if (h !== 1) c.fail(modelMessage.lastTierHitRate(`${p}.hitRate`, h));
    }
    const tdesc = t.description === undefined ? undefined : c.str(t.description, `${p}.description`);
    tiers.push({ name: tname, hitRate, latency: await latency(c, t.latency, `${p}.latency`, options), ...(tdesc ? { description: tdesc } : {}) });
  }
  return { name, ...(description ? { description } : {}), ...(unit ? { unit } : {}), base, tiers };
}

/** Read and parse JSON text; a syntax error is a DataError naming the file. */
export function parseJsonText(text: string, file?: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new DataError(modelMessage.notJson((e as Error).message), file ? { file } : {});
  }
}

/** Read a JSON file (missing/unreadable files are DataErrors). */
export async function readJsonFile(file: string): Promise<unknown> {
  // A device or FIFO (/dev/zero) would be read without end: refuse it first.
  await checkInputFile(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataError(message.fileNotFound(file));
    if (code === "EISDIR") throw new DataError(message.notAFile(file));
    throw new DataError(message.cannotRead(file, (e as Error).message));
  }
  if (text.trim() === "") throw new DataError(message.emptyFile(), { file });
  return parseJsonText(text, file);
}

/** Load and validate a model file. */
export async function loadModel(file: string, options: Omit<ParseModelOptions, "file"> = {}): Promise<ResponseModel> {
  return parseModel(await readJsonFile(file), { ...options, file });
}
