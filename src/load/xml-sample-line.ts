/**
 * The byte scan under the JMeter XML reader's fast path (src/load/jmeter-xml.ts): one line that is
 * exactly one self-closed sample element, as JMeter's XML writer puts each top-level sample
 *
 *   <httpSample t="12" it="0" lt="11" ts="1700000000000" s="true" lb="GET /home" rc="200" rm="OK" .../>
 *
 * is cut into its attribute values (the byte ranges of t, ts, s, lb and rm) without decoding it;
 * so is the open tag of a sample written with its URL (jmeter.save.saveservice.url), whose child
 * and closing lines `scanUrlLine` and `closesSample` tell:
 *
 *   <httpSample t="12" ... rm="OK">
 *     <java.net.URL>http://host/home</java.net.URL>
 *   </httpSample>
 *
 * Only a line that a well-formedness-checking parser (saxes) reads the same way passes: an ASCII
 * element and attribute names, whitespace between attributes, `="` or `='` right after a name, no
 * `<`, control character, tab or U+FFFE/U+FFFF in a value, an `&` only as one of the five predefined
 * entities, no repeated attribute name. Any other line (nested samples, comments, entities and
 * character references, the closing root tag) is left to the parser.
 */

/** The spans scanSampleLine fills: two per kept attribute, then SHAPE (1: self-closed, 0: an open tag) and the element name's length. */
export const SHAPE = 10;
export const NAME = 11;
export const spanCount = 12;

/** The attributes a sample is read by, as indices into the spans: [start, end) of each value, -1 when absent. */
export const T = 0;
export const TS = 1;
export const S = 2;
export const LB = 3;
export const RM = 4;

/** Attribute names kept for the repeated-name check at most (JMeter writes about 15). */
const maxAttributes = 64;
const seen = new Int32Array(maxAttributes);

const isSpace = (c: number) => c === 32 || c === 9;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/** The predefined entities' names after the `&`, each with its `;`. */
const entities = ["amp;", "lt;", "gt;", "quot;", "apos;"].map((e) => Buffer.from(e));

/** Length of the predefined entity reference at buf[i] (its `&` at i - 1) before `end`, or 0. */
function entityAt(buf: Uint8Array, i: number, end: number): number {
  for (const e of entities) {
    if (i + e.length > end) continue;
    let k = 0;
    while (k < e.length && buf[i + k] === e[k]) k++;
    if (k === e.length) return e.length;
  }
  return 0;
}

/**
 * Scan buf[start, end) (one line, no line break; leading and trailing spaces allowed) as a
 * self-closed `<httpSample .../>` or `<sample .../>`, or the open tag `<httpSample ...>` of one with
 * children. On success returns a bit mask of the kept attributes whose value holds an entity (bit k
 * for index k), with each value's byte range in spans[2k], spans[2k + 1] (-1, -1 when absent), the
 * shape in spans[SHAPE] and the name's length in spans[NAME]; else -1 (the line is left to the XML parser).
 */
export function scanSampleLine(buf: Uint8Array, start: number, end: number, spans: Int32Array): number {
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let close = end;
  while (close > i && isSpace(buf[close - 1])) close--;
  // the element ends "/>" (self-closed) or ">" (its children on the next lines); its attributes end before
  if (close - i < 3 || buf[close - 1] !== 62) return -1;
  const selfClosed = buf[close - 2] === 47;
  close -= selfClosed ? 2 : 1;
  if (buf[i] !== 60) return -1;
  i++;
  const nameStart = i;
  while (i < close && isNameChar(buf[i])) i++;
  const n = i - nameStart;
  if (!(n === 6 && isName(buf, nameStart, sample)) && !(n === 10 && isName(buf, nameStart, httpSample))) return -1;
  spans.fill(-1);
  spans[SHAPE] = selfClosed ? 1 : 0;
  spans[NAME] = n;
  let amps = 0;
  let count = 0;
  while (i < close) {
    // whitespace, then a name (or the end)
    if (!isSpace(buf[i])) return -1;
    while (i < close && isSpace(buf[i])) i++;
    if (i === close) break;
    const a = i;
    if (!isNameStart(buf[i])) return -1;
    let h = buf[i++];
    while (i < close && isNameChar(buf[i])) h = (Math.imul(h, 31) + buf[i++]) | 0;
    const aEnd = i;
    if (count === maxAttributes) return -1;
    for (let k = 0; k < count; k++) if (seen[k] === h) return -1;
    seen[count++] = h;
    if (i + 1 >= close || buf[i] !== 61) return -1;
    const q = buf[i + 1];
    if (q !== 34 && q !== 39) return -1;
    i += 2;
    const v = i;
    let amp = false;
    for (;;) {
      if (i >= close) return -1;
      const c = buf[i];
      if (c === q) break;
      if (c < 32 || c === 60) return -1;
      if (c === 38) {
        const m = entityAt(buf, i + 1, close);
        if (m === 0) return -1;
        amp = true;
        i += m;
      } else if (c === 0xef && buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) return -1;
      i++;
    }
    const k = keptIndex(buf, a, aEnd);
    if (k >= 0) {
      spans[2 * k] = v;
      spans[2 * k + 1] = i;
      if (amp) amps |= 1 << k;
    }
    i++;
  }
  return amps;
}

const sample = Buffer.from("sample");
const httpSample = Buffer.from("httpSample");

function isName(buf: Uint8Array, at: number, name: Uint8Array): boolean {
  for (let k = 0; k < name.length; k++) if (buf[at + k] !== name[k]) return false;
  return true;
}

/** The index of a kept attribute (t, ts, s, lb, rm) named buf[a, e), or -1. */
function keptIndex(buf: Uint8Array, a: number, e: number): number {
  const c = buf[a];
  if (e - a === 1) return c === 116 ? T : c === 115 ? S : -1;
  if (e - a !== 2) return -1;
  const d = buf[a + 1];
  if (c === 116 && d === 115) return TS;
  if (c === 108 && d === 98) return LB;
  if (c === 114 && d === 109) return RM;
  return -1;
}

/** An attribute value's text: its bytes decoded, the predefined entities replaced (as the XML parser gives it). */
export function attributeText(buf: Buffer, start: number, end: number, hasEntity: boolean): string {
  const text = buf.toString("utf8", start, end);
  return hasEntity ? text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => entityText[e]) : text;
}
const entityText: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

const urlOpen = Buffer.from("<java.net.URL>");
const urlClose = Buffer.from("</java.net.URL>");

/**
 * buf[start, end) is one `<java.net.URL>TEXT</java.net.URL>` line that the XML parser reads as that
 * element and its text (no `<`, `]]>`, control character but tab, U+FFFE/U+FFFF in the text; an `&`
 * only as a predefined entity).
 */
export function scanUrlLine(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let close = end;
  while (close > i && isSpace(buf[close - 1])) close--;
  if (close - i < urlOpen.length + urlClose.length || !isName(buf, i, urlOpen) || !isName(buf, close - urlClose.length, urlClose)) return false;
  close -= urlClose.length;
  for (i += urlOpen.length; i < close; i++) {
    const c = buf[i];
    if ((c < 32 && c !== 9) || c === 60) return false;
    if (c === 38) {
      const m = entityAt(buf, i + 1, close);
      if (m === 0) return false;
      i += m;
    } else if (c === 62 && i >= 2 && buf[i - 1] === 93 && buf[i - 2] === 93) return false;
    else if (c === 0xef && buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) return false;
  }
  return true;
}

/** buf[start, end) is the closing tag of the sample element whose name has `nameLength` bytes (`</httpSample>`, `</sample>`). */
export function closesSample(buf: Uint8Array, start: number, end: number, nameLength: number): boolean {
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let close = end;
  while (close > i && isSpace(buf[close - 1])) close--;
  if (close - i !== nameLength + 3 || buf[i] !== 60 || buf[i + 1] !== 47 || buf[close - 1] !== 62) return false;
  return isName(buf, i + 2, nameLength === 10 ? httpSample : sample);
}
