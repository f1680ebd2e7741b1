/**
 * An input chp may not read (permission denied) is a data error naming the file (exit 3) for every
 * command — `summary`, `plot`, `model` (the model file and its `data` files), `modes`, `export` —
 * never "internal error: EACCES" with a stack. As root, permission checks are bypassed, so the
 * CLI is run as the user nobody (uid 65534) in a child process; a path through a file used as a
 * folder (ENOTDIR) and a read that fails after the open (EISDIR) are checked in-process.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chp } from "../helpers/cli.js";
import { cliCommand } from "../helpers/spawn-cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { DataError } from "../../src/errors.js";
import { openInput } from "../../src/load/open-input.js";

const dataError = 3;
const isRoot = process.getuid?.() === 0;
const nobody = 65534;

/** A folder every user may enter, holding unreadable (mode 000) copies of sample inputs. */
function lockedInputs(): { dir: string; csv: string; hlog: string; model: string; dataModel: string } {
  const dir = mkdtempSync(join(tmpdir(), "chp-eacces-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o777);
  const csv = join(dir, "locked.csv");
  copyFileSync("data/web-steady.csv", csv);
  const hlog = join(dir, "locked.hlog");
  copyFileSync("test/load/fixtures/hiccup.140623.1028.10646.hlog", hlog);
  const model = join(dir, "locked-model.json");
  copyFileSync("data/cache-model.json", model);
  // A readable model whose data file is not readable
  const latencies = join(dir, "locked-latencies.csv");
  writeFileSync(latencies, "latency_ms\n1.5\n2.5\n3.5\n4.5\n");
  const dataModel = join(dir, "data-model.json");
  writeFileSync(
    dataModel,
    JSON.stringify({
      name: "m",
      unit: "ms",
      tiers: [
        { name: "a", hitRate: 0.5, latency: { point: 1 } },
        { name: "b", latency: { data: latencies, column: "latency_ms" } },
      ],
    }),
  );
  chmodSync(dataModel, 0o644);
  for (const f of [csv, hlog, model, latencies]) chmodSync(f, 0o000);
  return { dir, csv, hlog, model, dataModel };
}

/** Run the CLI as a child process (the built one when dist/ is current: no TypeScript compile per run), as nobody when the tests run as root. */
function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...cliCommand(), ...args], {
      cwd: resolve("."),
      stdio: ["ignore", "ignore", "pipe"],
      ...(isRoot ? { uid: nobody, gid: nobody } : {}),
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr }));
  });
}

/** As root the child runs as nobody, which needs to read the repository (and node_modules). */
function nobodyCanRun(): boolean {
  if (!isRoot) return true;
  const r = spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(resolve("node_modules/tsx/package.json"))})`], {
    uid: nobody,
    gid: nobody,
  });
  return r.status === 0;
}

test("unreadable inputs: permission denied is a data error naming the file, for every command", { timeout: 120_000 }, async (t) => {
  if (!nobodyCanRun()) {
    t.skip("running as root, and the user nobody cannot read the repository to run chp without root's bypass of permissions");
    return;
  }
  const f = lockedInputs();
  const out = join(f.dir, "out.svg");
  const cases: [string[], string][] = [
    [["summary", f.csv], f.csv],
    [["summary", f.hlog], f.hlog],
    [["plot", f.csv, "-o", out], f.csv],
    [["plot", f.hlog, "-o", out], f.hlog],
    [["model", f.model], f.model],
    [["model", f.dataModel], join(f.dir, "locked-latencies.csv")],
    [["modes", f.csv], f.csv],
    [["export", "guesstimate", f.csv, "-o", join(f.dir, "g.json")], f.csv],
  ];
  // The processes run together (independent commands on separate inputs).
  const results = await Promise.all(cases.map(([args]) => run(args)));
  for (const [i, [args, file]] of cases.entries()) {
    const r = results[i];
    assert.equal(r.code, dataError, `${args.join(" ")}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, args.join(" "));
    assert.ok(r.stderr.startsWith("chp: ") && r.stderr.includes(`cannot read ${file}: EACCES`), `${args.join(" ")}: ${r.stderr}`);
  }
});

test("unreadable inputs: a path through a file used as a folder (ENOTDIR) is a data error", async () => {
  const file = join(tmpDir(), "plain.txt");
  writeFileSync(file, "a\n");
  for (const args of [
    ["summary", join(file, "x.csv")],
    ["plot", join(file, "x.csv"), "-o", join(tmpDir(), "n.svg")],
    ["model", join(file, "m.json")],
  ]) {
    const r = await chp(...args);
    assert.equal(r.code, dataError, r.stderr);
    assert.match(r.stderr, /cannot read .*ENOTDIR/);
  }
});

test("unreadable inputs: a read that fails after the open is a DataError naming the file", async () => {
  // A folder opens but does not read (EISDIR): the reader's stream error, as a failing disk gives.
  const dir = tmpDir();
  await assert.rejects(
    async () => {
      for await (const _ of openInput(dir)) {
        // reading
      }
    },
    (e: unknown) => e instanceof DataError && e.message.includes(`cannot read ${dir}`) && e.message.includes("EISDIR"),
  );
});
