/**
 * The lab's time: a monotonic clock in milliseconds, and sleeps to absolute deadlines.
 *
 * Service times are timers, not CPU work. A timer fires late on a busy machine; sleeping to an
 * absolute deadline (rather than for a duration) keeps that lateness out of the next holder's
 * schedule, so a resource's capacity stays what was configured and the lateness only adds to the
 * response of the request whose timer was late. Every sleep's lateness is recorded, so a run can
 * say how late its timers were.
 */
import { performance } from "node:perf_hooks";

/** Monotonic milliseconds. */
export const now = (): number => performance.now();

/** Epoch milliseconds of a monotonic time. */
export const epochMs = (t: number): number => performance.timeOrigin + t;

/** Timers of one service: sleeps that can all be cancelled on close, and their lateness. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;
  /** How late each timer fired, ms (the lab's own overhead). */
  readonly lateness: number[] = [];

  /** Resolve at monotonic time `deadline` (at once when it has passed); never resolves after close(). */
  until(deadline: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return;
      const wait = deadline - now();
      if (wait <= 0) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        if (this.lateness.length < 1_000_000) this.lateness.push(now() - deadline);
        resolve();
      }, wait);
      this.pending.add(timer);
    });
  }

  /** Cancel every pending sleep (their requests are abandoned). */
  close(): void {
    this.closed = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
