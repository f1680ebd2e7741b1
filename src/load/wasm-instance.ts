/**
 * A WebAssembly module of src/load/wasm (its bytes as base64, from scripts/build-wasm.ts)
 * instantiated on this thread: its exports, or null where this engine cannot run it (no
 * WebAssembly, or no SIMD): each caller then runs the same work in JavaScript.
 */

/** The parts of the WebAssembly JavaScript API used here (TypeScript's lib for Node declares none). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** The memory a module exports. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's exports (compiled and instantiated synchronously: a few hundred bytes take microseconds), or null. */
export function instantiateWasm<T>(base64: string): T | null {
  try {
    const bytes = Buffer.from(base64, "base64");
    if (wasm === undefined || !wasm.validate(bytes)) return null;
    return new wasm.Instance(new wasm.Module(bytes)).exports as T;
  } catch {
    return null;
  }
}

/** Grow `memory` to at least `bytes` (whole 64 KiB pages). */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
