/**
 * Fault in the pages of shared memory on another thread, ahead of the thread that will write
 * them: a fresh page costs its first writer a page fault (~14 us a 4 KiB page on this project's
 * virtual machines, ~3.5 ms a MB, more than the arithmetic of most passes over it), and a spare
 * core can take that cost while this one computes.
 *
 * Each page is written by an atomic compare-exchange of zero for zero at one of its words: the
 * value stays whatever it is, also when the owning thread writes it at the same moment (an atomic
 * read-modify-write cannot interleave with that store), so touching never changes a result. (Not
 * an atomic add of zero: V8 reads the word first, so a page faulted in for reading the zero page
 * faults again to be written, and that second fault flushes the page from every core's TLB: twice
 * the faults, and interrupts on the core that computes. Measured with `perf stat`: 64 MB of fresh
 * shared memory, 35,346 faults by Atomics.add, 18,964 by Atomics.compareExchange.)
 */

/** A region to fault in: the first `bytes` of `buffer`. */
export interface TouchRegion {
  buffer: SharedArrayBuffer;
  bytes: number;
}

/** The message that asks a thread to touch regions, together, from their ends down (touchPages). */
export interface TouchJob {
  touch: readonly TouchRegion[];
}

/** Bytes of the smallest page size in use (a larger page is faulted by its first 4 KiB's touch). */
const pageBytes = 4096;
const pageWords = pageBytes >> 2;

/**
 * Touch every page of the regions, from their ends down, all of them together (each as far down
 * its length as the others): a thread filling the regions together from their starts (as the
 * trim fills the kept rows' columns) meets this one at about the same fraction of each, each
 * having faulted its part.
 */
export function touchPages(regions: readonly TouchRegion[]): void {
  const words = regions.map(({ buffer, bytes }) => new Int32Array(buffer, 0, Math.min(Math.max(bytes, 0), buffer.byteLength) >> 2));
  const pages = words.map((w) => Math.ceil(w.length / pageWords));
  const most = Math.max(0, ...pages);
  // next[r]: the lowest page of region r touched so far.
  const next = pages.slice();
  for (let s = most - 1; s >= 0; s--) {
    for (let r = 0; r < words.length; r++) {
      const to = Math.floor((s * pages[r]) / most);
      for (let p = next[r] - 1; p >= to; p--) Atomics.compareExchange(words[r], p * pageWords, 0, 0);
      next[r] = Math.min(next[r], to);
    }
  }
}
