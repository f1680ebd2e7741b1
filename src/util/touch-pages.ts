/**
 * Fault in the pages of shared memory on another thread, ahead of the thread that will write
 * them: a fresh page costs its first writer a page fault (~14 us a 4 KiB page on this project's
 * virtual machines, ~3.5 ms a MB, more than the arithmetic of most passes over it), and a spare
 * core can take that cost while this one computes.
 *
 * Each page is written by an atomic add of zero to one of its words: the value stays whatever it
 * is, also when the owning thread writes it at the same moment (an atomic read-modify-write cannot
 * interleave with that store), so touching never changes a result.
 */

/** A region to fault in: the first `bytes` of `buffer`. */
export interface TouchRegion {
  buffer: SharedArrayBuffer;
  bytes: number;
}

/** The message that asks a thread to touch regions, in order, each from its end backwards. */
export interface TouchJob {
  touch: readonly TouchRegion[];
}

/** Bytes of the smallest page size in use (a larger page is faulted by its first 4 KiB's touch). */
const pageBytes = 4096;

/**
 * Touch every page of each region, the regions in order and each from its end down: a thread
 * writing the region from its start meets this one somewhere in the middle, each having faulted
 * its part.
 */
export function touchPages(regions: readonly TouchRegion[]): void {
  for (const { buffer, bytes } of regions) {
    const words = new Int32Array(buffer, 0, Math.min(bytes, buffer.byteLength) >> 2);
    const step = pageBytes >> 2;
    for (let i = Math.floor((words.length - 1) / step) * step; i >= 0; i -= step) Atomics.add(words, i, 0);
  }
}
