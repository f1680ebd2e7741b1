/**
 * Outputs that are not regular files: a character device (/dev/null) or a FIFO is written in
 * place, never replaced by the rename that makes file outputs atomic (as root, a rename over
 * /dev/null would replace the device with a regular file); a folder is refused; a symlink to a
 * file is followed. Two outputs of one command on one path are a usage error before anything is
 * written.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { message } from "../../src/messages.js";
import { writeOutput } from "../../src/cli/write-output.js";
import { UsageError } from "../../src/errors.js";

const usage = 2;

function freshDir(name: string): string {
  const d = join(tmpDir(), name);
  mkdirSync(d, { recursive: true });
  return d;
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

function latencies(dir: string): string {
  const file = join(dir, "latencies.csv");
  writeFileSync(file, "latency_ms\n1.5\n2.5\n3.5\n4.5\n");
  return file;
}

/** A FIFO made with mkfifo in a temporary folder, and everything a reader gets from it. */
function fifoWithReader(dir: string): { fifo: string; received: Promise<string> } {
  const fifo = join(dir, "out.fifo");
  execFileSync("mkfifo", [fifo]);
  const received = new Promise<string>((resolve, reject) => {
    let text = "";
    createReadStream(fifo, "utf8")
      .on("data", (s) => (text += s))
      .on("end", () => resolve(text))
      .on("error", reject);
  });
  return { fifo, received };
}

test("output targets: /dev/null is written in place and stays a character device", async () => {
  const d = freshDir("devnull");
  const before = statSync("/dev/null");
  assert.ok(before.isCharacterDevice());
  const r = await chp("export", "guesstimate", latencies(d), "-o", "/dev/null");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^wrote \/dev\/null: DATA metric/);
  const after = lstatSync("/dev/null");
  assert.ok(after.isCharacterDevice(), "still a device");
  assert.equal(after.rdev, before.rdev);
  assert.equal(after.ino, before.ino, "the same node, not a replacement");
  assert.deepEqual(
    leftovers("/dev").filter((n) => n.startsWith(".null.")),
    [],
  );
});

test("output targets: a FIFO is written in place (writeOutput and chp export), and stays a FIFO", async () => {
  const d = freshDir("fifo");
  const { fifo, received } = fifoWithReader(d);
  await writeOutput(fifo, "hello\n");
  assert.equal(await received, "hello\n");
  assert.ok(lstatSync(fifo).isFIFO());
  const again = fifoWithReader(freshDir("fifo-cli"));
  const r = await chp("export", "guesstimate", latencies(d), "-o", again.fifo);
  assert.equal(r.code, 0, r.stderr);
  const space = JSON.parse(await again.received) as { space: { graph: { guesstimates: { data: number[] }[] } } };
  assert.deepEqual(space.space.graph.guesstimates[0].data, [1.5, 2.5, 3.5, 4.5]);
  assert.ok(lstatSync(again.fifo).isFIFO());
  assert.deepEqual(leftovers(d), []);
});

test("output targets: a folder is refused with a usage error, and left as it was", async () => {
  const d = freshDir("folder");
  const target = join(d, "plot.svg");
  mkdirSync(target);
  await assert.rejects(writeOutput(target, "<svg/>"), (e: unknown) => e instanceof UsageError && e.message === message.outputNotWritable(target, "a folder"));
  const r = await chp("export", "guesstimate", latencies(d), "-o", target);
  assert.equal(r.code, usage);
  assert.equal(r.stderr, `chp: ${message.outputNotWritable(target, "a folder")}\n`);
  assert.ok(statSync(target).isDirectory());
  assert.deepEqual(leftovers(d), []);
});

test("output targets: a symlink to a file is followed (the file is replaced, the link stays)", async () => {
  const d = freshDir("symlink");
  const real = join(d, "real.json");
  writeFileSync(real, "old\n");
  const link = join(d, "link.json");
  symlinkSync(real, link);
  await writeOutput(link, "new\n");
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(real, "utf8"), "new\n");
  assert.deepEqual(leftovers(d), []);
});

test("output targets: -o and --guesstimate on one path are a usage error before anything is written", async () => {
  const d = freshDir("two-outputs");
  const model = join(d, "m.json");
  writeFileSync(model, JSON.stringify({ tiers: [{ name: "db", latency: { lognormal: [2, 8] } }] }));
  const out = join(d, "x.vl.json");
  for (const [o, g] of [
    [out, out],
    [out, join(d, ".", "x.vl.json")],
  ]) {
    const r = await chp("model", model, "--samples", "1000", "-o", o, "--guesstimate", g);
    assert.equal(r.code, usage);
    assert.equal(r.stderr, `chp: ${message.outputsCollide("-o", "--guesstimate", g)}\n`);
    assert.equal(r.stdout, "");
  }
  assert.equal(existsSync(out), false, "nothing written");
  // an existing file reached through a symlink is the same output too
  writeFileSync(out, "keep\n");
  symlinkSync(out, join(d, "alias.json"));
  const r = await chp("model", model, "--samples", "1000", "-o", out, "--guesstimate", join(d, "alias.json"));
  assert.equal(r.code, usage, r.stderr);
  assert.equal(readFileSync(out, "utf8"), "keep\n");
  // different paths still write both
  const ok = await chp("model", model, "--samples", "1000", "-o", out, "--guesstimate", join(d, "g.json"));
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(existsSync(join(d, "g.json")));
  assert.deepEqual(leftovers(d), []);
});
