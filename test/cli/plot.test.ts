/** `chp plot` end to end: output types, default name, safe writing, exit codes, the verdict. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { pngSignature, pngSize } from "../plot/png.js";

const sample = resolve("data/web-steady.csv");

function outDir(name: string): string {
  const d = join(tmpDir(), name);
  mkdirSync(d, { recursive: true });
  return d;
}

test("chp plot writes each output type, chosen by the extension", async () => {
  const d = outDir("types");
  const check: Record<string, (b: Buffer) => void> = {
    "p.png": (b) => {
      assert.deepEqual([...b.subarray(0, 8)], [...pngSignature]);
      const { width, height } = pngSize(b);
      assert.ok(width >= 700 && height >= 580, `a full-size figure (${width} x ${height})`);
    },
    "p.svg": (b) => assert.match(b.toString("utf8"), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/),
    "p.html": (b) => {
      const html = b.toString("utf8");
      assert.match(html, /^<!DOCTYPE html>/i);
      assert.doesNotMatch(html, /<script[^>]+src=/, "self-contained: no external scripts");
    },
    "p.vl.json": (b) => assert.match((JSON.parse(b.toString("utf8")) as { $schema: string }).$schema, /vega-lite/),
  };
  for (const [name, verify] of Object.entries(check)) {
    const out = join(d, name);
    const r = await chp("plot", sample, "-o", out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    verify(readFileSync(out));
  }
  assert.deepEqual(readdirSync(d).sort(), Object.keys(check).sort(), "no temporary files left behind");
});

test("chp plot without -o writes <input>.headroom.png in the current folder", async () => {
  const d = outDir("default-name");
  const cwd = process.cwd();
  process.chdir(d);
  try {
    const r = await chp("plot", sample);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(d, "web-steady.headroom.png")));
  } finally {
    process.chdir(cwd);
  }
});

test("the verdict says rows kept, the trim, the fit and its asymptote as where the local fit leaves the data, not a limit", async () => {
  const r = await chp("plot", sample, "-o", join(outDir("verdict"), "v.png"));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rows: 1440 read, \d+ kept \(response < [\d.]+ \(q = 0\.95\)\)/);
  assert.match(r.stdout, /fit: inverse Gaussian GLM, 1\/response\^2 = .* \(converged in \d+ iterations, deviance [\d.]+\)/);
  assert.match(
    r.stdout,
    /^fit: the GLM curve turns vertical at [\d,.]+; a local fit of the kept rows \(throughput up to [\d,.]+\), it says nothing past them: not a limit$/m,
  );
  assert.doesNotMatch(r.stdout, /grows without bound as throughput approaches/);
  const nofit = await chp("plot", sample, "--no-fit", "-o", join(outDir("verdict"), "n.png"));
  assert.match(nofit.stdout, /fit: not requested/);
});

test("chp plot never writes over an input file, even by another path", async () => {
  const d = outDir("overwrite");
  const input = join(d, "in.csv");
  copyFileSync(sample, input);
  const before = readFileSync(input);
  for (const out of [input, join(d, ".", "in.csv")]) {
    const r = await chp("plot", input, "-o", out.replace(/\.csv$/, ".csv"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to write .*in\.csv: it is one of the input files/);
  }
  assert.ok(readFileSync(input).equals(before), "the input is untouched");
});

test("usage errors exit 2 with one line: missing folder, unknown type, bad numbers", async () => {
  const cases: [string[], RegExp][] = [
    [["-o", "/nonexistent-folder/x.png"], /the folder \/nonexistent-folder does not exist/],
    [["-o", join(tmpDir(), "x.pdf")], /use a name ending in \.png, \.svg, \.html or \.vl\.json/],
    [["--q", "1.5"], /--q "1\.5": expected a number in \(0, 1\]/],
    [["--splits=-1"], /--splits "-1": expected a whole number from 0 to 20/],
    [["--width", "abc"], /--width "abc": expected a whole number/],
  ];
  for (const [args, re] of cases) {
    const r = await chp("plot", sample, ...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split("\n").length, 1, "one line, no stack trace");
  }
});

test("data errors exit 3 and write nothing", async () => {
  const d = outDir("data-error");
  const out = join(d, "x.png");
  const missing = await chp("plot", join(d, "missing.csv"), "-o", out);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /no such file/);
  assert.ok(!existsSync(out));
});
