/**
 * Every reader refuses a device or a FIFO up front, as `chp summary` does: `chp model` (the model
 * file and its data files), `chp modes` and `chp export` read whole files, and /dev/zero or
 * /dev/urandom would be read without end (seconds and GBs before "Invalid string length").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { formatLocated } from "../../src/errors.js";
import { message, modelMessage as mm } from "../../src/messages.js";
import { readLatencies } from "../../src/model/read-latencies.js";
import { loadModel } from "../../src/model/parse-model.js";

const data = 3;
/** Each case must end at once (a reader of /dev/zero would run for seconds and GBs). */
const quick = { timeout: 15_000 };

function fifo(): string {
  const d = join(tmpDir(), "fifos");
  mkdirSync(d, { recursive: true });
  const path = join(d, `in-${Math.random().toString(16).slice(2)}.csv`);
  execFileSync("mkfifo", [path]);
  return path;
}

function modelWithData(dataFile: string): string {
  const file = join(tmpDir(), `model-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ tiers: [{ name: "db", latency: { data: dataFile } }] }));
  return file;
}

test("device inputs: chp modes and chp export refuse /dev/zero and a FIFO", quick, async () => {
  for (const file of ["/dev/zero", "/dev/urandom", fifo()]) {
    for (const argv of [
      ["modes", file],
      ["export", "guesstimate", file, "-o", join(tmpDir(), "never.json")],
    ]) {
      const r = await chp(...argv);
      assert.equal(r.code, data, `${argv.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr, `chp: ${message.notAFile(file)}\n`);
    }
  }
});

test("device inputs: chp model refuses a model file or a data file that is a device or FIFO", quick, async () => {
  for (const file of ["/dev/zero", fifo()]) {
    const r = await chp("model", file);
    assert.equal(r.code, data);
    assert.equal(r.stderr, `chp: ${message.notAFile(file)}\n`);
  }
  for (const dataFile of ["/dev/urandom", "/dev/zero", fifo()]) {
    const model = modelWithData(dataFile);
    const r = await chp("model", model, "--samples", "1000");
    assert.equal(r.code, data);
    assert.equal(r.stderr, `chp: ${formatLocated(mm.dataFile("tiers[0].latency.data", dataFile, message.notAFile(dataFile)), { file: model })}\n`);
  }
});

test("device inputs: the library readers (readLatencies, loadModel) refuse them too", quick, async () => {
  const f = fifo();
  for (const file of ["/dev/zero", f]) {
    await assert.rejects(readLatencies(file), { message: message.notAFile(file) });
    await assert.rejects(loadModel(file), { message: message.notAFile(file) });
  }
  // a custom reader registered for an extension is never handed a device
  await assert.rejects(
    readLatencies(
      f,
      {},
      {
        ".csv": async () => {
          throw new Error("the reader was called");
        },
      },
    ),
    { message: message.notAFile(f) },
  );
});
