/**
 * The fields of one CSV line in its bytes, cut at the delimiter (no quotes: a quoted line goes to
 * the text reader): what the byte readers of per-request logs (ByteRows, and the batches parsed on
 * a worker) share, so both read a line the same way.
 */

/**
 * Cut the first `want` fields of buf[pos, end) at delimiter byte `d` into starts/ends, and count
 * the fields the line has, counting on past `want` only up to `atLeast`: out[0] = fields cut,
 * out[1] = fields counted.
 */
export function cutFields(
  buf: Uint8Array,
  pos: number,
  end: number,
  d: number,
  want: number,
  atLeast: number,
  starts: Int32Array,
  ends: Int32Array,
  out: Int32Array,
): void {
  let p = pos;
  let fields = 0;
  let delims = 0;
  let more = true;
  while (fields < want) {
    let c = p;
    while (c < end && buf[c] !== d) c++;
    starts[fields] = p;
    if (c >= end) {
      ends[fields++] = end;
      more = false;
      break;
    }
    ends[fields++] = c;
    p = c + 1;
    delims++;
  }
  if (more) {
    while (delims + 1 < atLeast) {
      let c = p;
      while (c < end && buf[c] !== d) c++;
      if (c >= end) break;
      delims++;
      p = c + 1;
    }
  }
  out[0] = fields;
  out[1] = delims + 1;
}
