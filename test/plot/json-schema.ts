/**
 * A small JSON Schema (draft-07) validator for the keywords the Vega-Lite schema uses:
 * $ref (local "#/definitions/..."), type, anyOf, allOf, oneOf, not, properties,
 * additionalProperties, required, enum, const, items (schema or tuple), minItems, maxItems,
 * minProperties, minimum, maximum, minLength, maxLength, pattern; `format` and `description`
 * are ignored (as draft-07 allows). Test helper only: the project has no JSON-schema dependency.
 * An unknown keyword throws, so a schema update that needs more cannot pass silently.
 */

type Schema = boolean | { [key: string]: unknown };

const known = new Set([
  "$ref",
  "$schema",
  "definitions",
  "description",
  "title",
  "default",
  "examples",
  "format",
  "type",
  "anyOf",
  "allOf",
  "oneOf",
  "not",
  "properties",
  "additionalProperties",
  "required",
  "enum",
  "const",
  "items",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const t = typeOf(value);
  return t === type || (type === "number" && t === "integer");
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Length of the longest "$..." path mentioned in an error message. */
function deepestPath(message: string): number {
  return Math.max(0, ...Array.from(message.matchAll(/\$[^\s:]*/g), (m) => m[0].length));
}

/** Validate `value` against the root of `schema`; returns error messages (empty = valid). */
export function validateJsonSchema(schema: { [key: string]: unknown }, value: unknown): string[] {
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith("#/")) throw new Error(`only local $ref supported: ${ref}`);
    let node: unknown = schema;
    for (const part of ref.slice(2).split("/")) {
      node = (node as Record<string, unknown>)[decodeURIComponent(part.replace(/~1/g, "/").replace(/~0/g, "~"))];
    }
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node as Schema;
  };

  function check(s: Schema, v: unknown, path: string, errors: string[]): void {
    if (s === true) return;
    if (s === false) {
      errors.push(`${path}: not allowed`);
      return;
    }
    for (const key of Object.keys(s)) if (!known.has(key)) throw new Error(`unsupported schema keyword "${key}"`);
    if (typeof s.$ref === "string") check(resolve(s.$ref), v, path, errors);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(v, t))) {
        errors.push(`${path}: expected ${types.join("|")}, got ${typeOf(v)}`);
        return;
      }
    }
    if (s.const !== undefined && !deepEqual(s.const, v)) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
      errors.push(`${path}: ${JSON.stringify(v)} not in enum`);
    }
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) errors.push(`${path}: ${v} < minimum ${s.minimum}`);
      if (typeof s.maximum === "number" && v > s.maximum) errors.push(`${path}: ${v} > maximum ${s.maximum}`);
      if (typeof s.exclusiveMinimum === "number" && v <= s.exclusiveMinimum) errors.push(`${path}: ${v} <= ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === "number" && v >= s.exclusiveMaximum) errors.push(`${path}: ${v} >= ${s.exclusiveMaximum}`);
    }
    if (typeof v === "string") {
      if (typeof s.minLength === "number" && v.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
      if (typeof s.maxLength === "number" && v.length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v)) errors.push(`${path}: does not match ${s.pattern}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === "number" && v.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
      if (typeof s.maxItems === "number" && v.length > s.maxItems) errors.push(`${path}: more than ${s.maxItems} items`);
      if (Array.isArray(s.items)) {
        (s.items as Schema[]).forEach((item, i) => {
          if (i < v.length) check(item, v[i], `${path}[${i}]`, errors);
        });
      } else if (s.items !== undefined) {
        v.forEach((item, i) => check(s.items as Schema, item, `${path}[${i}]`, errors));
      }
    }
    if (typeOf(v) === "object") {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (typeof s.minProperties === "number" && keys.length < s.minProperties) errors.push(`${path}: fewer than ${s.minProperties} properties`);
      if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) errors.push(`${path}: more than ${s.maxProperties} properties`);
      if (Array.isArray(s.required)) {
        for (const r of s.required as string[]) if (!(r in obj)) errors.push(`${path}: missing required "${r}"`);
      }
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of keys) {
        if (obj[key] === undefined) continue;
        if (key in props) check(props[key], obj[key], `${path}.${key}`, errors);
        else if (s.additionalProperties === false) errors.push(`${path}: unexpected property "${key}"`);
        else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, obj[key], `${path}.${key}`, errors);
      }
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(sub, v, path, errors);
    if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
      const branches = (s.anyOf ?? s.oneOf) as Schema[];
      const results = branches.map((sub) => {
        const e: string[] = [];
        check(sub, v, path, e);
        return e;
      });
      const passing = results.filter((e) => e.length === 0).length;
      if (passing === 0) {
        // Report the branch that got deepest into the value (longest error path) to keep messages useful.
        const depth = (e: string[]) => Math.max(...e.map((m) => deepestPath(m)));
        const best = results.reduce((a, b) => (depth(b) > depth(a) ? b : a));
        errors.push(`${path}: matches no ${s.anyOf ? "anyOf" : "oneOf"} branch; closest: ${best.slice(0, 3).join("; ")}`);
      } else if (s.oneOf && passing > 1) {
        errors.push(`${path}: matches ${passing} oneOf branches`);
      }
    }
    if (s.not !== undefined) {
      const e: string[] = [];
      check(s.not as Schema, v, path, e);
      if (e.length === 0) errors.push(`${path}: matches a "not" schema`);
    }
  }

  const errors: string[] = [];
  check(schema, value, "$", errors);
  return errors;
}
