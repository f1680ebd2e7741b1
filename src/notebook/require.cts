/**
 * The CommonJS face of chp (package.json `exports["."].require`), for tslab and other CommonJS
 * hosts. chp is an ES module whose dependencies (vega) use top-level await, so `require()`
 * cannot load it synchronously. This module is a thenable instead:
 *
 * ```ts
 * const chp = await import("chp");   // in a tslab cell (compiled to CommonJS): works, typed
 * const chp = await require("chp");  // plain CommonJS
 * ```
 *
 * `await` adopts the thenable, which loads the real ES module with a native `import()`.
 * Reading any other property says how to load chp instead of failing with "is not a function".
 */
const load = (): Promise<unknown> => import("../index.js");

const howTo =
  'chp is an ES module and cannot be loaded with a static import or require() here: write `const chp = await import("chp")` (in tslab) or `const chp = await require("chp")` (in CommonJS), then use chp.loadTimeSeries(...), chp.show(...)';

const face = new Proxy(Object.create(null) as Record<string | symbol, unknown>, {
  get(_target, key) {
    if (key === "then") {
      return (resolve: (value: unknown) => void, reject: (reason: unknown) => void) => load().then(resolve, reject);
    }
    if (key === "__esModule") return true;
    if (typeof key === "symbol") return undefined;
    throw new TypeError(`${howTo} (${JSON.stringify(key)} was read from the CommonJS face)`);
  },
  has: (_target, key) => key === "then" || key === "__esModule",
});

export = face;
