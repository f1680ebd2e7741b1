/**
 * Terminal escapes: text read from a file (JTL labels, CSV column names, file names) reaches the
 * terminal with its control characters made visible (`\u001b`), so a log cannot retitle or clear
 * the terminal; JSON output stays valid JSON of the same value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../src/cli/cli.js";
import { terminalIo } from "../../src/cli/io.js";
import { escapeTerminal } from "../../src/util/escape-terminal.js";
import { tmpDir } from "../helpers/tmp.js";

/** Retitle the terminal (OSC 0 ... BEL), clear it (CSI 2J), a line separator, DEL, an 8-bit CSI. */
const evil = "\x1b]0;pwned\x07\x1b[2J\u2028\x7f\x9b";
const evilShown = "\\u001b]0;pwned\\u0007\\u001b[2J\\u2028\\u007f\\u009b";
/** What must never reach a terminal raw: C0 but line feed and tab, DEL, C1, U+2028/2029. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

function evilJtl(): string {
  const rows = ["timeStamp,elapsed,label,responseCode,success"];
  for (let i = 0; i < 600; i++) rows.push(`${1714521600000 + i * 200},${20 + (i % 30)},${i % 2 ? `home${evil}` : "search"},200,true`);
  const file = join(tmpDir(), "evil.jtl");
  writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

function evilCsv(): string {
  const rows = [`timestamp,throughput${evil},response_ms`];
  for (let i = 0; i < 60; i++) rows.push(`${1714521600 + 60 * i},${100 + i * 3 + (i % 5)},${(10 + i * 0.2 + (i % 7)).toFixed(2)}`);
  const file = join(tmpDir(), "evil.csv");
  writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

/** The CLI as main.ts runs it (escaped), and unescaped, to compare JSON values. */
async function run(escaped: boolean, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s) };
  const code = await runCli(argv, escaped ? terminalIo(io) : io);
  return { code, stdout, stderr };
}

test("escapeTerminal: C0 but LF and tab, DEL, C1 and U+2028/2029 become \\uXXXX; the rest is kept", () => {
  for (let c = 0; c <= 0xff; c++) {
    const ch = String.fromCharCode(c);
    const control = (c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f);
    assert.equal(escapeTerminal(ch), control ? `\\u${c.toString(16).padStart(4, "0")}` : ch, `U+${c.toString(16)}`);
  }
  assert.equal(escapeTerminal("a\u2028b\u2029c"), "a\\u2028b\\u2029c");
  assert.equal(escapeTerminal("µs ± 5% — é 日本 😀\n\tx"), "µs ± 5% — é 日本 😀\n\tx");
  assert.equal(escapeTerminal(evil), evilShown);
});

test("terminalIo: a carriage return that begins a write (a progress line) is kept, any other is escaped", () => {
  let out = "";
  const io = terminalIo({ stdout: (s) => void (out += s), stderr: (s) => void (out += s) });
  io.stderr("\rreading x: 5%");
  io.stdout("a\rb\n");
  assert.equal(out, "\rreading x: 5%a\\u000db\n");
});

test("terminal escapes: chp summary of a JTL with a hostile label, text and --json", async () => {
  const file = evilJtl();
  const text = await run(true, "summary", file, "--by-label");
  assert.equal(text.code, 0, text.stderr);
  assert.ok(text.stdout.includes(`home${evilShown}`), "the label is shown, escaped");
  assert.doesNotMatch(text.stdout + text.stderr, raw);
  const json = await run(true, "summary", file, "--by-label", "--json");
  assert.equal(json.code, 0, json.stderr);
  assert.doesNotMatch(json.stdout + json.stderr, raw);
  const unescaped = await run(false, "summary", file, "--by-label", "--json");
  assert.match(unescaped.stdout, raw, "without escaping, DEL, C1 and U+2028 would be raw in the JSON");
  assert.deepEqual(JSON.parse(json.stdout), JSON.parse(unescaped.stdout), "the JSON value is the same");
  // an error that quotes the labels
  const err = await run(true, "summary", file, "--label", "nope");
  assert.equal(err.code, 3);
  assert.ok(err.stderr.includes(`"home${evilShown}"`), err.stderr);
  assert.doesNotMatch(err.stderr, raw);
});

test("terminal escapes: a CSV whose header holds escapes, through summary (text, --json) and plot's verdict", async () => {
  const file = evilCsv();
  const text = await run(true, "summary", file);
  assert.equal(text.code, 0, text.stderr);
  assert.ok(text.stdout.includes(`throughput${evilShown}`));
  assert.doesNotMatch(text.stdout + text.stderr, raw);
  const json = await run(true, "summary", file, "--json");
  assert.equal(json.code, 0, json.stderr);
  assert.doesNotMatch(json.stdout + json.stderr, raw);
  assert.deepEqual(JSON.parse(json.stdout), JSON.parse((await run(false, "summary", file, "--json")).stdout));
  const plot = await run(true, "plot", file, "-o", join(tmpDir(), "evil.svg"));
  assert.equal(plot.code, 0, plot.stderr);
  assert.match(plot.stdout, /^pattern: /m);
  assert.doesNotMatch(plot.stdout + plot.stderr, raw);
  // a file name with an escape, in an error
  const missing = await run(true, "summary", join(tmpDir(), `no${evil}.csv`));
  assert.equal(missing.code, 3);
  assert.doesNotMatch(missing.stderr, raw);
});

test("terminal escapes: the chp executable (main.ts) escapes what it prints", () => {
  const file = evilCsv();
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "summary", file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes(`throughput${evilShown}`));
  assert.doesNotMatch(r.stdout + r.stderr, raw);
});
