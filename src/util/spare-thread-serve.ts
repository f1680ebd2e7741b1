/**
 * The spare thread's side (src/util/spare-thread.ts): serves the jobs posted to it on `port`, in
 * order, until it is stopped. A call always answers and then sets its done flag, also when the
 * function throws or its value cannot be posted, so the waiting thread never waits in vain.
 */
import type { MessagePort } from "node:worker_threads";
import type { CallReply, SpareJob } from "./spare-thread.js";
import { touchPages } from "./touch-pages.js";

export function serveSpareJobs(port: MessagePort): void {
  port.on("message", (job: SpareJob) => {
    if ("touch" in job) touchPages(job.touch);
    else if ("preload" in job)
      import(job.preload).catch(() => undefined); // a call to it says what went wrong
    else if ("call" in job) void answer(job.call);
  });
}

async function answer(call: Extract<SpareJob, { call: unknown }>["call"]): Promise<void> {
  let reply: CallReply;
  try {
    const module = (await import(call.module)) as Record<string, unknown>;
    const f = module[call.name];
    if (typeof f !== "function") throw new TypeError(`${call.name} is not a function of ${call.module}`);
    reply = { value: await f(...call.args) };
  } catch (e) {
    reply = { error: String(e) };
  }
  try {
    call.port.postMessage(reply);
  } catch (e) {
    call.port.postMessage({ error: String(e) } satisfies CallReply);
  } finally {
    call.port.close();
    const done = new Int32Array(call.done);
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
}
