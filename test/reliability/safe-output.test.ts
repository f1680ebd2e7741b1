/**
 * Safe outputs: every writer goes through src/cli/write-output.ts (a temporary
 * file in the target folder, then a rename); no output may replace an input, whatever
 * path names it (the same path, a symlink, a hard link, a model's data file); a missing
 * folder is a clear usage error; Ctrl-C leaves no partial file and exits 130; titles,
 * column names and labels stay text in SVG, HTML and Vega-Lite JSON.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, watch, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { runUntil } from "../helpers/spawn-cli.js";
import { message, reliabilityMessage as rm } from "../../src/messages.js";
import { writeOutput } from "../../src/cli/write-output.js";
import { UsageError } from "../../src/errors.js";

const usage = 2;

function freshDir(name: string): string {
  const d = join(tmpDir(), name);
  mkdirSync(d, { recursive: true });
  return d;
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

test("safe output: a successful write leaves the file and no temporary beside it", async () => {
  const d = freshDir("ok");
  const out = join(d, "a.json");
  await writeOutput(out, "{}\n");
  await writeOutput(out, '{"again":1}\n');
  assert.equal(readFileSync(out, "utf8"), '{"again":1}\n');
  assert.deepEqual(leftovers(d), []);
});

test("safe output: refuses the input by path, relative path, symlink and hard link", async () => {
  const d = freshDir("links");
  const input = join(d, "in.csv");
  copyFileSync("test/fixtures/bad/crlf.csv", input);
  symlinkSync(input, join(d, "sym.csv"));
  linkSync(input, join(d, "hard.csv"));
  const before = readFileSync(input);
  for (const out of [input, relative(process.cwd(), input), join(d, ".", "in.csv"), join(d, "sym.csv"), join(d, "hard.csv")]) {
    await assert.rejects(writeOutput(out, "x", [input]), (e: unknown) => e instanceof UsageError && e.message === message.outputIsInput(out), out);
  }
  assert.deepEqual(readFileSync(input), before);
  // and through the CLI, for every writer: plot, export guesstimate, model --guesstimate
  const hard = join(d, "hard.svg");
  linkSync(input, hard);
  for (const argv of [
    ["plot", input, "-o", hard],
    ["export", "guesstimate", input, "-o", join(d, "hard.csv")],
  ]) {
    const r = await chp(...argv);
    assert.equal(r.code, usage, r.stderr);
    assert.match(r.stderr, /refusing to write .*: it is one of the input files\n$/);
  }
  assert.deepEqual(readFileSync(input), before);
});

test("safe output: a model's data files are inputs too (model --guesstimate, -o)", async () => {
  const d = freshDir("model-data");
  const data = join(d, "latencies.csv");
  writeFileSync(data, "latency_ms\n1.5\n2.5\n3.5\n4.5\n");
  const model = join(d, "m.json");
  writeFileSync(model, JSON.stringify({ tiers: [{ name: "db", latency: { data: "latencies.csv" } }] }));
  const before = readFileSync(data);
  const r = await chp("model", model, "--samples", "1000", "--guesstimate", data);
  assert.equal(r.stderr, `chp: ${message.outputIsInput(data)}\n`);
  assert.equal(r.code, usage);
  assert.deepEqual(readFileSync(data), before);
});

test("safe output: a missing output folder is a usage error naming it", async () => {
  const out = join(tmpDir(), "no-such-folder", "plot.svg");
  const r = await chp("plot", "test/fixtures/bad/crlf.csv", "--q", "1", "-o", out);
  assert.equal(r.stderr, `chp: ${message.noOutputFolder(out, join(tmpDir(), "no-such-folder"))}\n`);
  assert.equal(r.code, usage);
  assert.equal(existsSync(join(tmpDir(), "no-such-folder")), false);
});

test("safe output: a failed rename (the target is a folder) leaves no temporary", async () => {
  const d = freshDir("target-dir");
  mkdirSync(join(d, "plot.svg"));
  await assert.rejects(writeOutput(join(d, "plot.svg"), "<svg/>"), UsageError);
  assert.deepEqual(leftovers(d), []);
});

// Escaping: a column, a title and axis labels made of markup stay text.
const evil = "</script><script>alert(1)</script>";
function evilCsv(dir: string): string {
  const rows = [`time,"${evil}","resp'"";alert(2);//_ms"`];
  for (let i = 0; i < 60; i++) rows.push(`${1714521600 + 60 * i},${100 + i * 3 + (i % 5)},${(10 + i * 0.2 + (i % 7)).toFixed(2)}`);
  const file = join(dir, "evil.csv");
  writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

test("safe output: markup in column names, title and labels stays text in SVG, HTML and vl.json", async () => {
  const d = freshDir("escape");
  const file = evilCsv(d);
  for (const ext of ["svg", "html", "vl.json"]) {
    const out = join(d, `plot.${ext}`);
    const r = await chp(
      "plot",
      file,
      "--throughput-col",
      "2",
      "--response-col",
      "3",
      "--title",
      evil,
      "--xlab",
      evil,
      "--ylab",
      `<img src=x onerror=alert(3)>`,
      "-o",
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    // --throughput-col makes it a time series even though no column is named like a throughput (it was read as a request log)
    assert.match(r.stdout, /^rows: 60 read/m);
    const text = readFileSync(out, "utf8");
    if (ext !== "vl.json") {
      assert.ok(!text.includes("<script>alert"), `${ext}: no live script`);
      assert.ok(!text.includes("<img"), `${ext}: no live element`);
    }
    if (ext === "svg") {
      assert.ok(text.includes("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "svg: the title as escaped text");
    }
    if (ext === "html") {
      assert.ok(text.includes(`<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>`), "html: escaped <title>");
      const spec = /<script type="application\/json" id="chp-spec">([^<]*)<\/script>/.exec(text);
      assert.ok(spec, "html: the spec sits in one script element, with no '<' inside");
      assert.ok(JSON.stringify(JSON.parse(spec[1])).includes(JSON.stringify(evil).slice(1, -1)), "html: the title comes back as the same text");
    }
    if (ext === "vl.json") {
      const spec = JSON.parse(text);
      const title = typeof spec.title === "string" ? spec.title : spec.title.text;
      assert.equal(title, evil, "vl.json: a JSON string, the same text");
      // A JSON string is data: quotes and backslashes are escaped by JSON; markup inside stays text to any JSON reader.
    }
  }
});

// Ctrl-C: spawn the CLI on a large input and interrupt it.
function bigCsv(dir: string, rows: number): string {
  const file = join(dir, "big.csv");
  const lines = ["timestamp,throughput,response_ms"];
  for (let i = 0; i < rows; i++) lines.push(`${1714521600 + i},${(100 + Math.sin(i / 50) * 50 + (i % 13)).toFixed(2)},${(10 + (i % 17) * 0.3).toFixed(2)}`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

test("safe output: SIGINT while reading exits 130 and writes nothing", async () => {
  const d = freshDir("sigint-read");
  const out = join(d, "plot.svg");
  // A request log on stdin that is never closed: chp is still reading when the SIGINT comes,
  // however fast the machine (a file of any size is read before a fixed delay on a fast one).
  // About 2.5 MB, more than a pipe or socket buffer holds: the write completes only once chp has
  // read most of it, so its signal handlers are set, however slow its start on a busy machine.
  const rows = Array.from({ length: 30_000 }, (_, i) => `${1700000000000 + i * 5},${20 + (i % 30)},GET /x,200,OK,t 1-1,text,true,,100,50,1,1,http://x,5,0,1`);
  const jtl =
    "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n" +
    rows.join("\n") +
    "\n";
  const r = await runUntil(
    ["plot", "-", "--no-fit", "-o", out],
    (child) => {
      child.stdin!.write(jtl, () => child.kill("SIGINT"));
      child.on("exit", () => child.stdin!.destroy());
    },
    "pipe",
  );
  assert.equal(r.code, 130, `exit ${r.code} ${r.signal} ${r.stderr}`);
  assert.equal(r.stderr, `chp: ${rm.interrupted()}\n`);
  assert.equal(existsSync(out), false);
  assert.deepEqual(leftovers(d), []);
});

test("safe output: SIGINT as the temporary file appears leaves no partial file", async () => {
  const d = freshDir("sigint-write");
  const input = bigCsv(d, 200_000);
  const out = join(d, "plot.svg");
  let sent = false;
  const watcher = watch(d);
  const r = await runUntil(["plot", input, "--no-fit", "-o", out], (child) => {
    watcher.on("change", (_event, name) => {
      if (!sent && String(name).endsWith(".tmp")) {
        sent = true;
        child.kill("SIGINT");
      }
    });
  });
  watcher.close();
  assert.deepEqual(leftovers(d), [], "no temporary file left");
  if (r.code === 130) {
    // Interrupted: no output, or, where the rename won the race before the handler ran, the whole
    // output (never a partial one).
    if (existsSync(out)) assert.match(readFileSync(out, "utf8"), /<\/svg>\s*$/, "interrupted after the rename: the output is whole");
  } else {
    // The rename won the race: the output is whole. The signal may then land while Node tears the
    // process down, after its handlers are gone, and end it by the signal itself (code null): the
    // file was already complete and renamed, and the check above found no temporary file.
    if (r.code === null) assert.equal(r.signal, "SIGINT", r.stderr);
    else assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, "utf8"), /<\/svg>\s*$/);
  }
  assert.ok(sent, "the temporary file was seen");
});
