/**
 * Loaded before every test file (`node --import`): property tests draw their cases from one fixed
 * seed, so CI is repeatable and a failure can be replayed. CHP_FUZZ_SEED=random (or a number)
 * explores other cases; fast-check prints the seed of any failure. Plain JS: worker threads
 * inherit the flag and load it before any TypeScript loader is registered.
 */
import fc from "fast-check";

const env = process.env.CHP_FUZZ_SEED;
if (env !== "random") fc.configureGlobal({ seed: env !== undefined && /^-?\d+$/.test(env) ? Number(env) : 20081208 });
