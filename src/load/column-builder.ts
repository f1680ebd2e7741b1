/** A Float64Array that grows by doubling; `finish()` returns an exact-length copy. */
export class ColumnBuilder {
  private data: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** True when some value pushed so far is not NaN. */
  hasNumber(): boolean {
    for (let i = 0; i < this.length; i++) if (!Number.isNaN(this.data[i])) return true;
    return false;
  }

  finish(): Float64Array {
    const out = this.data.slice(0, this.length);
    this.data = new Float64Array(0);
    return out;
  }
}
