/**
 * A seeded Gatling simulation.log generator (the text format of Gatling 3.4 to 3.7, as the real
 * abhijeet_3.7.4_simulation.log of ../shared/data/real/formats/gatling shows it), for measuring the
 * Gatling reader's memory and speed on large runs: a RUN record, then per virtual user a USER START,
 * its requests as REQUEST records (`REQUEST<TAB>groups<TAB>name<TAB>start<TAB>end<TAB>OK|KO<TAB>message`,
 * epoch ms; the message a space when OK, the failed check when KO), the checkout requests inside a
 * GROUP (its GROUP record after them: groups, start, end, cumulated response time, status), an
 * ERROR record per failed check, and a USER END. Lognormal response times (ms) with a slow tail,
 * ~1% KO, three request names.
 *
 *   npx tsx scripts/gatling-log-generator.ts REQUESTS [RATE_PER_S] > simulation.log
 *   npx tsx scripts/gatling-log-generator.ts 10000000 > /tmp/gatling-10M.log   # about 730 MB
 *
 * Stdout only (streamed, respecting back-pressure).
 */
import { once } from "node:events";
import { seededRandom } from "../src/util/random.js";

/** The request names, and whether each runs in the checkout group. */
const steps = [
  { name: "GET /home", group: "" },
  { name: "GET /search", group: "" },
  { name: "POST /cart", group: "checkout" },
];
/** Requests one virtual user makes before it ends and a new one starts. */
const perUser = 30;
const failedCheck = "status.find.in([200, 209], 304), found 500";

export function* gatlingChunks(requests: number, rate = 1000, seed = 20220906, chunkRequests = 5000): Generator<string> {
  const rnd = seededRandom(seed);
  let t = 1_662_461_289_902;
  yield `RUN\tshop.ShopSimulation\tshopsimulation\t${t}\t \t3.7.4\n`;
  t += 100;
  let out: string[] = [];
  let clock = t;
  for (let i = 0; i < requests; i++) {
    const k = i % perUser;
    if (k === 0) out.push(`USER\tShop Scenario\tSTART\t${Math.round(clock)}`);
    clock += -Math.log(1 - rnd.uniform()) * (1000 / rate);
    const start = Math.round(clock);
    const step = steps[i % steps.length];
    const slow = rnd.uniform() < 0.02 ? 20 : 1;
    const elapsed = Math.max(1, Math.round(40 * slow * Math.exp(0.5 * rnd.normal())));
    const ok = rnd.uniform() >= 0.01;
    const end = start + elapsed;
    out.push(`REQUEST\t${step.group}\t${step.name}\t${start}\t${end}\t${ok ? "OK" : "KO"}\t${ok ? " " : failedCheck}`);
    if (!ok) out.push(`ERROR\t${failedCheck}\t${end}`);
    // a group of one request: its start, end, cumulated response time and status
    if (step.group !== "") out.push(`GROUP\t${step.group}\t${start}\t${end}\t${elapsed}\t${ok ? "OK" : "KO"}`);
    if (k === perUser - 1 || i === requests - 1) out.push(`USER\tShop Scenario\tEND\t${end}`);
    if (i % chunkRequests === chunkRequests - 1) {
      yield out.join("\n") + "\n";
      out = [];
    }
  }
  if (out.length) yield out.join("\n") + "\n";
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2]);
  const rate = process.argv[3] === undefined ? 1000 : Number(process.argv[3]);
  if (!Number.isInteger(requests) || requests < 1 || !(rate > 0)) {
    process.stderr.write("usage: tsx scripts/gatling-log-generator.ts REQUESTS [RATE_PER_S]\n");
    process.exitCode = 2;
    return;
  }
  for (const chunk of gatlingChunks(requests, rate)) if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}

if (process.argv[1]?.endsWith("gatling-log-generator.ts")) await main();
