/**
 * A tier swept twice (`--sweep memcached=0.4,0.6 --sweep memcached=0.1,0.2`) is a usage error naming
 * the tier (exit 2, nothing written): the scenario labelled "memcached 40%" was computed with 1%.
 * The library's sweepScenarios refuses it too (RangeError).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { parseModel } from "../../src/model/parse-model.js";
import { sweepScenarios } from "../../src/model/sweep.js";

const model = "data/cache-model.json";
const usage = 2;

test("sweep twice: the same tier in two --sweep options is a usage error naming the tier; nothing is written", async () => {
  const out = join(tmpDir(), "sweep-twice.svg");
  for (const second of ["memcached=0.1,0.2", " memcached = 0.1,0.2 "]) {
    const r = await chp("model", model, "--sweep", "memcached=0.4,0.6", "--sweep", second, "-o", out);
    assert.equal(r.code, usage, r.stderr);
    assert.match(r.stderr, /--sweep: tier "memcached" is swept twice \("memcached=0.4,0.6" and "memcached ?= ?0.1,0.2"\)/);
    assert.equal(r.stdout, "");
    assert.equal(existsSync(out), false);
  }
});

test("sweep twice: two different tiers still pair into scenarios, labels matching the rates used", async () => {
  const r = await chp("model", model, "--sweep", "memcached=0.4,0.6", "--sweep", "mysql-memory=0.7,0.9", "--samples", "2000", "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /memcached 40%, mysql-memory 70%/);
  assert.match(r.stdout, /memcached 60%, mysql-memory 90%/);
});

test("sweep twice: sweepScenarios throws a RangeError for a tier swept twice", async () => {
  const m = await parseModel(JSON.parse(readFileSync(model, "utf8")));
  assert.throws(
    () =>
      sweepScenarios(m, [
        { tier: "memcached", hitRates: [0.4, 0.6] },
        { tier: "memcached", hitRates: [0.01, 0.02] },
      ]),
    (e: unknown) => e instanceof RangeError && /memcached is swept twice/.test(e.message),
  );
});
