/**
 * Bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates) in a label
 * or column name reach the terminal as `\u202e`, like the C0/C1 controls: a log cannot make the
 * terminal show a label reversed or reordered ("Trojan Source"); JSON output stays the same value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../src/cli/cli.js";
import { terminalIo } from "../../src/cli/io.js";
import { escapeTerminal } from "../../src/util/escape-terminal.js";
import { tmpDir } from "../helpers/tmp.js";

const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
/** "admin" shown reversed by a right-to-left override, closed by a pop; an isolate around "x". */
const evil = "\u202enimda\u202c\u2066x\u2069";
const evilShown = "\\u202enimda\\u202c\\u2066x\\u2069";
const raw = /[\u202a-\u202e\u2066-\u2069]/;

async function run(escaped: boolean, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s) };
  const code = await runCli(argv, escaped ? terminalIo(io) : io);
  return { code, stdout, stderr };
}

test("escapeTerminal: each bidi embedding, override and isolate becomes \\uXXXX; its neighbours and marks are kept", () => {
  for (const c of bidi) assert.equal(escapeTerminal(`a${String.fromCharCode(c)}b`), `a\\u${c.toString(16)}b`);
  // Left-to-right and right-to-left marks change no order of other text: kept, as are Hebrew and Arabic letters.
  for (const text of ["\u200e\u200f", "שלום", "مرحبا", "\u2029"]) assert.equal(escapeTerminal(text), text === "\u2029" ? "\\u2029" : text);
  for (const c of [0x2027, 0x202f, 0x2065, 0x206a]) assert.equal(escapeTerminal(String.fromCharCode(c)), String.fromCharCode(c));
});

test("a JTL label and a CSV column with bidi controls: escaped in text, --json the same value", async () => {
  const jtl = ["timeStamp,elapsed,label,responseCode,success"];
  for (let i = 0; i < 400; i++) jtl.push(`${1714521600000 + i * 200},${20 + (i % 30)},${i % 2 ? `home${evil}` : "search"},200,true`);
  const jtlFile = join(tmpDir(), "bidi.jtl");
  writeFileSync(jtlFile, jtl.join("\n") + "\n");
  const text = await run(true, "summary", jtlFile, "--by-label");
  assert.equal(text.code, 0, text.stderr);
  assert.ok(text.stdout.includes(`home${evilShown}`), text.stdout);
  assert.doesNotMatch(text.stdout + text.stderr, raw);
  const json = await run(true, "summary", jtlFile, "--by-label", "--json");
  assert.doesNotMatch(json.stdout, raw);
  assert.deepEqual(JSON.parse(json.stdout), JSON.parse((await run(false, "summary", jtlFile, "--by-label", "--json")).stdout));
  const err = await run(true, "summary", jtlFile, "--label", "nope");
  assert.equal(err.code, 3);
  assert.ok(err.stderr.includes(`"home${evilShown}"`), err.stderr);

  const csv = [`timestamp,throughput${evil},response_ms`];
  for (let i = 0; i < 30; i++) csv.push(`${1714521600 + 60 * i},${100 + i},${(10 + i * 0.2).toFixed(2)}`);
  const csvFile = join(tmpDir(), "bidi.csv");
  writeFileSync(csvFile, csv.join("\n") + "\n");
  const s = await run(true, "summary", csvFile);
  assert.equal(s.code, 0, s.stderr);
  assert.ok(s.stdout.includes(`throughput${evilShown}`));
  assert.doesNotMatch(s.stdout + s.stderr, raw);
});
