/**
 * Signals: SIGTERM (`kill`, a CI timeout) and SIGHUP (a closed terminal) are handled as Ctrl-C is:
 * the temporary file of an output being written is removed, no partial output is left, and chp
 * exits 128 + the signal number (143 for SIGTERM, 129 for SIGHUP).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpDir } from "../helpers/tmp.js";
import { runUntil } from "../helpers/spawn-cli.js";
import { reliabilityMessage as rm } from "../../src/messages.js";

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

function freshDir(name: string): string {
  const d = join(tmpDir(), name);
  mkdirSync(d, { recursive: true });
  return d;
}

/**
 * A JMeter log on stdin that is never closed: chp is still reading when the signal comes. About
 * 2.5 MB, more than a pipe or socket buffer holds, so the write completes only once chp has read
 * most of it: its signal handlers are set by then, however slow its start on a busy machine.
 */
function jtlHead(): string {
  const rows = Array.from({ length: 30_000 }, (_, i) => `${1700000000000 + i * 5},${20 + (i % 30)},GET /x,200,OK,t 1-1,text,true,,100,50,1,1,http://x,5,0,1`);
  return (
    "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n" +
    rows.join("\n") +
    "\n"
  );
}

for (const [signal, code] of [
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const) {
  test(`signals: ${signal} while reading exits ${code} and writes nothing`, async () => {
    const d = freshDir(`${signal}-read`);
    const out = join(d, "plot.svg");
    const r = await runUntil(
      ["plot", "-", "--no-fit", "-o", out],
      (child) => {
        child.stdin!.write(jtlHead(), () => child.kill(signal));
        child.on("exit", () => child.stdin!.destroy());
      },
      "pipe",
    );
    assert.equal(r.code, code, `exit ${r.code} ${r.signal} ${r.stderr}`);
    assert.equal(r.stderr, `chp: ${rm.interrupted()}\n`);
    assert.equal(existsSync(out), false);
    assert.deepEqual(leftovers(d), []);
  });
}

function bigCsv(dir: string, rows: number): string {
  const file = join(dir, "big.csv");
  const lines = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < rows; i++) lines.push(`${1714521600 + i},${(100 + Math.sin(i / 50) * 50 + (i % 13)).toFixed(2)},${(10 + (i % 17) * 0.3).toFixed(2)}`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

test("signals: SIGTERM as the temporary file of a large plot appears leaves no .tmp and exits 143", async () => {
  const d = freshDir("sigterm-write");
  const input = bigCsv(d, 200_000);
  const out = join(d, "plot.svg");
  let sent = false;
  const watcher = watch(d);
  const r = await runUntil(["plot", input, "--no-fit", "-o", out], (child) => {
    watcher.on("change", (_event, name) => {
      if (!sent && String(name).endsWith(".tmp")) {
        sent = true;
        child.kill("SIGTERM");
      }
    });
  });
  watcher.close();
  assert.ok(sent, "the temporary file was seen");
  assert.deepEqual(leftovers(d), [], "no temporary file left");
  if (r.code === 143) {
    assert.equal(r.stderr, `chp: ${rm.interrupted()}\n`);
    // Handled before the rename: no output. The rename can also win the race and the handler run
    // after it, before the process ends (seen once in a full run): the output is then whole, never partial.
    if (existsSync(out)) assert.match(readFileSync(out, "utf8"), /<\/svg>\s*$/, "an output left by an interrupted run is whole");
  } else {
    // The rename won the race: the output is whole. The signal may then land while Node tears the
    // process down, after its handlers are gone, and end it by the signal itself (code null).
    if (r.code === null) assert.equal(r.signal, "SIGTERM", r.stderr);
    else assert.equal(r.code, 0, `exit ${r.code} ${r.signal} ${r.stderr}`);
    assert.match(readFileSync(out, "utf8"), /<\/svg>\s*$/);
  }
});
