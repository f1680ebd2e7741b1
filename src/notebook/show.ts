/**
 * `show(value)`: display a chart or a table in a Jupyter notebook running the tslab kernel, as ONE
 * output carrying several MIME types (see `mimeBundle`).
 *
 * tslab's public `display.raw(mime, data)` sends one MIME type per output, and a second call
 * for the same display id replaces the first, so a Vega-Lite + SVG bundle cannot be made with
 * it. The kernel's writer behind it (`lastWriteDisplayData` in tslab's `dist/jupyter.js`, tslab
 * 1.0.22) takes a whole `display_data` content; `show` finds the running kernel's copy of that
 * module (never importing tslab itself, so chp works outside notebooks) and hands it the bundle.
 * When a tslab version lacks it, `show` falls back to one output with the best single MIME type
 * (PNG, SVG or HTML).
 *
 * Outside a tslab kernel `show` throws `UsageError`: library code never prints.
 */
import { createRequire } from "node:module";
import { UsageError } from "../errors.js";
import { notebookMessage } from "../messages.js";
import { mimeBundle, type MimeBundle, type ShowOptions, type Showable } from "./mime-bundle.js";

type RawDisplay = (mime: string, data: string | Uint8Array) => void;
type WriteDisplayData = (content: MimeBundle & { transient: Record<string, unknown> }, update: boolean) => void;

/** tslab's public module (`display` is all `show` needs of it). */
interface TslabPublic {
  display?: { raw?: RawDisplay };
}

/** The parts of a running tslab kernel that `show` uses. */
interface TslabKernel {
  raw: RawDisplay | null;
  /** Reads the current cell's writer (tslab replaces it at every execution). */
  writer: () => WriteDisplayData | null;
}

/**
 * The running tslab kernel, or null outside one. tslab puts `__tslab__` (its `require`, which
 * answers "tslab" with the kernel's own public module) on globalThis while it runs cells.
 */
export function tslabKernel(): TslabKernel | null {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (!hook || typeof hook.require !== "function") return null;
  let pub: TslabPublic | null;
  try {
    pub = hook.require("tslab") as TslabPublic | null;
  } catch {
    return null;
  }
  if (!pub) return null;
  const display = pub.display;
  const raw = display && typeof display.raw === "function" ? display.raw.bind(display) : null;
  // The kernel's jupyter module, loaded by its public module: find that module in the CommonJS cache.
  const jupyter = kernelJupyterModule(pub);
  const writer = () => {
    const write = jupyter?.lastWriteDisplayData;
    return typeof write === "function" ? (write as WriteDisplayData) : null;
  };
  return { raw, writer };
}

/** tslab's `dist/jupyter.js` as the kernel loaded it: required from the module that owns `pub`. */
function kernelJupyterModule(pub: TslabPublic): { lastWriteDisplayData?: unknown } | null {
  try {
    const cache = createRequire(import.meta.url).cache;
    const owner = Object.values(cache).find((m) => m?.exports === pub);
    return (owner?.require("./jupyter") as { lastWriteDisplayData?: unknown } | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The one MIME type shown when a whole bundle cannot be sent. */
const fallbackOrder = ["image/png", "image/svg+xml", "text/html", "text/plain"];

/** Send `bundle` as one output of the current cell. */
export function displayBundle(bundle: MimeBundle): void {
  const kernel = tslabKernel();
  if (!kernel) throw new UsageError(notebookMessage.notInNotebook());
  const write = kernel.writer();
  if (write) {
    write({ data: bundle.data, metadata: bundle.metadata, transient: {} }, false);
    return;
  }
  const mime = fallbackOrder.find((m) => typeof bundle.data[m] === "string");
  if (!kernel.raw || !mime) throw new UsageError(notebookMessage.noDisplay());
  const value = bundle.data[mime] as string;
  kernel.raw(mime, mime === "image/png" ? Buffer.from(value, "base64") : value);
}

/**
 * Display a chart or a table in the current tslab notebook cell: `await chp.show(analysis)`.
 * Charts carry live Vega-Lite and a PNG drawing in one output; tables are HTML.
 * Resolves to nothing, so the cell prints nothing else.
 */
export async function show(value: Showable, options: Partial<ShowOptions> = {}): Promise<void> {
  if (!tslabKernel()) throw new UsageError(notebookMessage.notInNotebook());
  displayBundle(await mimeBundle(value, options));
}
