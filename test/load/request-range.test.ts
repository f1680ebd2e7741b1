/**
 * `--start S --end E` on per-request logs: the requests completed S to E seconds after the log's
 * start, which is the completion time of its first row (as Java's HistogramLogReader takes a
 * header-less log's first line). The expected counts are computed here from the CSV itself, row by
 * row (end = timeStamp + elapsed), independently of chp's readers.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

const arifa = join(realData, "peers/jmeter/arifa.csv");

/** Rows of a JTL (no quoted commas in these columns): end in ms, success. */
function rows(file: string): { end: number; ok: boolean; label: string }[] {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const [t, e, s, l] = ["timeStamp", "elapsed", "success", "label"].map((n) => head.indexOf(n));
  return lines.slice(1).map((line) => {
    const f = line.split(",");
    return { end: Number(f[t]) + Number(f[e]), ok: f[s] === "true", label: f[l] };
  });
}

test("--start 60 --end 120 on a JTL: the requests completed 60 to 120 s after the first row's; the rest counted in a note", async () => {
  const all = rows(arifa);
  const origin = all[0].end;
  const kept = all.filter((r) => r.end - origin >= 60_000 && r.end - origin <= 120_000);
  const r = await chp("summary", arifa, "--start", "60", "--end", "120", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.total.count, kept.filter((x) => x.ok).length);
  assert.equal(j.total.errors, kept.filter((x) => !x.ok).length);
  assert.match(r.stderr, new RegExp(`--start/--end: ${all.length - kept.length} requests outside the range left out`));
  // --like jmeter sees the same requests
  const like = JSON.parse((await chp("summary", arifa, "--start", "1m", "--end", "2m", "--like", "jmeter", "--json")).stdout);
  assert.equal(like.total.count, kept.length);
});

test("--start alone keeps the rest of the run; a range past the run is an error saying how many requests fall outside", async () => {
  const all = rows(arifa);
  const origin = all[0].end;
  const r = await chp("summary", arifa, "--start", "100", "--json");
  const j = JSON.parse(r.stdout);
  const kept = all.filter((x) => x.end - origin >= 100_000);
  assert.equal(j.total.count + j.total.errors, kept.length);
  const none = await chp("summary", arifa, "--start", "100000");
  assert.equal(none.code, 3);
  assert.match(
    none.stderr,
    new RegExp(`no request completed in --start 100000 --end \\(its end\\) \\(seconds after the log's first row\\): all ${all.length} fall outside`),
  );
});

test("--start/--end on a distribution is a usage error saying why", async () => {
  const r = await chp("summary", join(realData, "formats/locust/nfilonov_locust_stats.csv"), "--start", "5");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--start does not apply to .*: --start\/--end select the intervals of an HdrHistogram log, or the requests of a per-request log/);
});
