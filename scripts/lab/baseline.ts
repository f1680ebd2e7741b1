/**
 * No delay: every request is answered at once. A run against it measures the lab's own overhead
 * (the load generator, HTTP on loopback, the event loop on a shared machine): the response time
 * that every pattern's response includes on top of its mechanism.
 */
import type { Mechanism } from "./mechanism.js";

export function baseline(): Mechanism {
  let served = 0;
  return {
    async handle() {
      served++;
      return true;
    },
    stats: () => ({ served }),
    gauges: () => ({}),
    close() {},
  };
}
