/**
 * Typed arrays in memory that worker threads read without a copy (a SharedArrayBuffer).
 */

type Shareable = Float64Array | Int32Array;

/** The array itself when it is already in shared memory, else a copy there. */
export function inSharedMemory<T extends Shareable>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const Kind = values.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Kind(new SharedArrayBuffer(values.length * Kind.BYTES_PER_ELEMENT));
  out.set(values as never);
  return out;
}

/** n zeros in shared memory. */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

/** n zeros in shared memory. */
export function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
}
