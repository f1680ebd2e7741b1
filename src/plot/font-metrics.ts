/**
 * Text widths from a TrueType font's own advance widths (tables `head`, `hhea`, `hmtx`, `cmap`
 * formats 4 and 12), so that Vega lays out text in Node with the widths resvg will draw in the
 * PNG. Without this Vega guesses 0.8 em per character, which makes every label, title and
 * legend look much wider than it is (large gaps, needless "…" truncation). Kerning is ignored.
 */
import { readFileSync } from "node:fs";

/** Advance widths of one font, in em units. */
export interface FontMetrics {
  /** Width of `text` in em (multiply by the font size for pixels). */
  widthEm(text: string): number;
}

/** Read a .ttf file's advance widths. Throws when the file is not a TrueType/OpenType font with `cmap` and `hmtx`. */
export function loadFontMetrics(path: string): FontMetrics {
  const buf = readFileSync(path);
  const data = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tables = new Map<string, number>();
  const numTables = data.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(data.getUint8(rec), data.getUint8(rec + 1), data.getUint8(rec + 2), data.getUint8(rec + 3));
    tables.set(tag, data.getUint32(rec + 8));
  }
  const head = tables.get("head");
  const hhea = tables.get("hhea");
  const hmtx = tables.get("hmtx");
  const cmap = tables.get("cmap");
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
    throw new Error(`${path}: not a TrueType font with head, hhea, hmtx and cmap tables`);
  }
  const unitsPerEm = data.getUint16(head + 18);
  const numberOfHMetrics = data.getUint16(hhea + 34);
  const advance = (glyph: number): number => data.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;
  const glyphOf = cmapLookup(data, cmap);
  const cache = new Map<number, number>();
  const charWidth = (code: number): number => {
    let w = cache.get(code);
    if (w === undefined) {
      w = advance(glyphOf(code));
      cache.set(code, w);
    }
    return w;
  };
  return {
    widthEm(text: string): number {
      let w = 0;
      for (const ch of text) w += charWidth(ch.codePointAt(0) as number);
      return w;
    },
  };
}

/** Glyph lookup from the best Unicode subtable: (3,10) format 12, else (3,1)/(0,*) format 4. */
function cmapLookup(data: DataView, cmap: number): (code: number) => number {
  const count = data.getUint16(cmap + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = data.getUint16(rec);
    const encoding = data.getUint16(rec + 2);
    const sub = cmap + data.getUint32(rec + 4);
    const format = data.getUint16(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && format12 < 0) format12 = sub;
    if (format === 4 && format4 < 0) format4 = sub;
  }
  if (format12 >= 0) {
    const sub = format12;
    const groups = data.getUint32(sub + 12);
    return (code) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const g = sub + 16 + 12 * mid;
        const start = data.getUint32(g);
        const end = data.getUint32(g + 4);
        if (code < start) hi = mid - 1;
        else if (code > end) lo = mid + 1;
        else return data.getUint32(g + 8) + (code - start);
      }
      return 0;
    };
  }
  if (format4 >= 0) {
    const sub = format4;
    const segX2 = data.getUint16(sub + 6);
    const ends = sub + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const offsets = deltas + segX2;
    return (code) => {
      if (code > 0xffff) return 0;
      for (let s = 0; s < segX2; s += 2) {
        if (code > data.getUint16(ends + s)) continue;
        const start = data.getUint16(starts + s);
        if (code < start) return 0;
        const delta = data.getInt16(deltas + s);
        const rangeOffset = data.getUint16(offsets + s);
        if (rangeOffset === 0) return (code + delta) & 0xffff;
        const glyph = data.getUint16(offsets + s + rangeOffset + 2 * (code - start));
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    };
  }
  throw new Error("font has no Unicode cmap subtable (format 4 or 12)");
}
