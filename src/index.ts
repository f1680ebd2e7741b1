/** chp: the public API. Load -> analyse -> plot -> write; library code never prints or exits. */
export * from "./errors.js";
export * from "./load/index.js";
export * from "./stats/index.js";
export * from "./headroom/index.js";
export * from "./report/index.js";
export * from "./plot/index.js";
export * from "./model/index.js";
export * from "./notebook/index.js";
export { type Random, seededRandom } from "./util/random.js";
