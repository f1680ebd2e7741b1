/**
 * A FIFO resource of `size` slots: a thread pool (size c), a mutex (size 1), one instance of a
 * scaled service. A holder acquires a slot, holds it to a deadline, and releases it at that
 * deadline; the next holder's hold starts at max(its arrival, the release deadline), whether it
 * waited in the queue or finds the slot free after a late arrival, so neither a late timer nor a
 * late request changes the resource's capacity (see clock.ts): its schedule is that of the queue.
 *
 * An optional queue limit makes it a bounded pool: an arrival that finds every slot busy and the
 * queue full is refused (acquire resolves null).
 */
interface Waiter {
  arrival: number;
  resolve: (start: number | null) => void;
}

export class Slots {
  /** When each free slot became free (virtual time, ms): a backdated arrival waits for it too. */
  private readonly freeAt: number[];
  private readonly queue: Waiter[] = [];
  private head = 0;
  /** Slots held now, and the most ever held at once. */
  inUse = 0;
  maxInUse = 0;
  /** The longest queue seen, and the arrivals refused because the queue was full. */
  maxQueue = 0;
  refused = 0;

  constructor(
    readonly size: number,
    readonly queueLimit: number = Number.POSITIVE_INFINITY,
  ) {
    if (!(size >= 1)) throw new RangeError(`a resource needs at least one slot, not ${size}`);
    this.freeAt = new Array<number>(size).fill(Number.NEGATIVE_INFINITY);
  }

  /** Waiters queued now. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** A slot for an arrival at monotonic time `arrival`: resolves with the hold's start time, or null when refused. */
  acquire(arrival: number): Promise<number | null> {
    if (this.freeAt.length > 0) {
      // The slot free soonest; an arrival stamped before it was released (a late request) starts then.
      let k = 0;
      for (let i = 1; i < this.freeAt.length; i++) if (this.freeAt[i] < this.freeAt[k]) k = i;
      const freeAt = this.freeAt[k];
      this.freeAt[k] = this.freeAt[this.freeAt.length - 1];
      this.freeAt.pop();
      this.hold();
      return Promise.resolve(Math.max(arrival, freeAt));
    }
    if (this.queued >= this.queueLimit) {
      this.refused++;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      this.queue.push({ arrival, resolve });
      this.maxQueue = Math.max(this.maxQueue, this.queued);
    });
  }

  /** Release a slot whose hold ended at monotonic time `at`; the next waiter starts at max(its arrival, at). */
  release(at: number): void {
    this.inUse--;
    if (this.queued > 0) {
      const w = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.hold();
      w.resolve(Math.max(w.arrival, at));
    } else this.freeAt.push(at);
  }

  private hold(): void {
    this.inUse++;
    this.maxInUse = Math.max(this.maxInUse, this.inUse);
  }
}
