/** `chp export guesstimate` refuses a negative latency, as a model's data file does: a duration cannot be below 0. */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";

test("chp export guesstimate: a negative latency is a data error naming the file, line and column; nothing is written", async () => {
  const d = tmpDir();
  const file = join(d, "lat.csv");
  writeFileSync(file, "latency_ms\n1.5\n2.5\n-3\n4\n");
  const out = join(d, "lat.guess.json");
  const r = await chp("export", "guesstimate", file, "-o", out);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /lat\.csv:4: column "latency_ms": a response time cannot be negative \(got -3\)/);
  assert.equal(existsSync(out), false);
});
