/**
 * The options table: parsing and every --help text come from it, so they cannot drift apart.
 * Help completeness is checked both from the table and from the generated parseArgs config.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chp } from "../helpers/cli.js";
import { cliMessage, histogramMessage as hm, message, requestLogMergeMessage as mm } from "../../src/messages.js";
import { commandNames, commandOptions, commandSpecs, optionTable, parseArgsConfig, parseCommandArgs } from "../../src/cli/options.js";
import { editDistance, nearest } from "../../src/cli/suggest.js";

const usageCode = 2;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A help row for the flag: "  --name", or "  -x, --name", then a space or the end of the line. */
const row = (name: string, short?: string) => new RegExp(`^  ${short !== undefined ? `-${escapeRe(short)}, ` : ""}--${escapeRe(name)}( |$)`, "m");

for (const command of commandNames) {
  test(`chp ${command} --help lists every option of its table entry`, async () => {
    const r = await chp(command, "--help");
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith(`usage: ${commandSpecs[command].usage}\n`), r.stdout);
    assert.ok(r.stdout.includes(commandSpecs[command].summary));
    const options = commandOptions(command);
    assert.ok(options.length > 0);
    for (const o of options) assert.match(r.stdout, row(o.name, o.short), `--${o.name} missing from chp ${command} --help`);
    assert.match(r.stdout, row("help", "h"));
  });

  test(`chp ${command} --help lists every flag its parser accepts (from the generated parseArgs config)`, async () => {
    const help = (await chp(command, "--help")).stdout;
    for (const [name, o] of Object.entries(parseArgsConfig(command))) {
      assert.match(help, row(name, o.short), `chp ${command} accepts --${name} but its help omits it`);
    }
    // And nothing else: one help row per accepted flag, plus -h.
    const rows = help
      .split("\n")
      .filter((l) => /^ {2}(-\w, )?--[\w-]+/.test(l))
      .map((l) => /--([\w-]+)/.exec(l)![1]);
    assert.deepEqual(rows.sort(), [...Object.keys(parseArgsConfig(command)), "help"].sort());
  });

  test(`chp help ${command} is exactly chp ${command} --help; the usage line names only flags it takes`, async () => {
    const a = await chp("help", command);
    const b = await chp(command, "--help");
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
    assert.equal((await chp(command, "-h")).stdout, b.stdout);
    const config = parseArgsConfig(command);
    for (const [, flag] of commandSpecs[command].usage.matchAll(/(?<![\w-])--([\w-]+)/g)) {
      assert.ok(Object.hasOwn(config, flag), `the usage of chp ${command} names --${flag}, which it does not take`);
    }
  });
}

test("a flag named in several groups has one type, short, multiplicity and parse (one typed value per name)", () => {
  for (const o of optionTable) {
    for (const p of optionTable.filter((x) => x.name === o.name)) {
      assert.equal(p.type, o.type, o.name);
      assert.equal(p.short, o.short, o.name);
      assert.equal(p.multiple, o.multiple, o.name);
      assert.equal(p.parse === undefined, o.parse === undefined, o.name);
      assert.ok(p.type === "string" || p.arg === undefined, `--${o.name}: a boolean takes no value`);
    }
  }
});

test("chp help, chp --help: the global help, exit 0; chp alone: the same, exit 2", async () => {
  const help = await chp("--help");
  assert.equal(help.code, 0);
  assert.equal((await chp("help")).stdout, help.stdout);
  assert.equal((await chp("help")).code, 0);
  assert.equal((await chp("-h")).stdout, help.stdout);
  const none = await chp();
  assert.equal(none.code, usageCode);
  assert.equal(none.stdout, help.stdout);
  for (const c of commandNames) assert.ok(help.stdout.includes(`  ${commandSpecs[c].usage}\n`), c);
  assert.match(help.stdout, /chp COMMAND --help for its options/);
  assert.match(help.stdout, /Exit codes: 0 ok, 2 usage error, 3 data error .*1 internal error, 130 interrupted/);
  const bad = await chp("help", "frobnicate");
  assert.equal(bad.code, usageCode);
  assert.equal(bad.stderr, `chp: ${message.unknownCommand("frobnicate", commandNames)}\n`);
});

test("optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps", () => {
  assert.equal(editDistance("", ""), 0);
  assert.equal(editDistance("respons-col", "response-col"), 1);
  assert.equal(editDistance("splist", "splits"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("abc", ""), 3);
  assert.equal(nearest("respons-col", ["throughput-col", "response-col", "time-col"]), "response-col");
  assert.equal(nearest("zzzzzzzz", ["q", "qx", "sla"]), null, "more than 3 edits");
  assert.equal(nearest("ab", ["xy"]), null, "more than half the length");
  assert.equal(nearest("tittle", ["title", "xlab"]), "title");
});

const oneLine = (stderr: string) => assert.equal(stderr.trim().split("\n").length, 1, `one line: ${stderr}`);

test("an unknown flag: did you mean the nearest flag of that command; none when nothing is close", async () => {
  const near = await chp("summary", "data/web-steady.csv", "--respons-col", "x");
  assert.equal(near.code, usageCode);
  assert.equal(near.stderr, `chp: ${cliMessage.unknownOption("--respons-col", "summary", "--response-col")}\n`);
  assert.ok(near.stderr.startsWith("chp: unknown option --respons-col; did you mean --response-col?"));
  oneLine(near.stderr);
  assert.equal(near.stdout, "");

  const eq = await chp("plot", "data/web-steady.csv", "--splist=3");
  assert.equal(eq.code, usageCode);
  assert.equal(eq.stderr, `chp: ${cliMessage.unknownOption("--splist", "plot", "--splits")}\n`);

  const far = await chp("summary", "data/web-steady.csv", "--zzzzzzzz");
  assert.equal(far.code, usageCode);
  assert.equal(far.stderr, `chp: ${cliMessage.unknownOption("--zzzzzzzz", "summary", null)}\n`);
  assert.doesNotMatch(far.stderr, /did you mean/);
  oneLine(far.stderr);

  const short = await chp("summary", "data/web-steady.csv", "-x");
  assert.equal(short.code, usageCode);
  assert.equal(short.stderr, `chp: ${cliMessage.unknownOption("-x", "summary", null)}\n`);
});

test("a flag of another command names the command that takes it", async () => {
  const cases: [string[], string][] = [
    [["summary", "data/web-steady.csv", "--sweep", "memcached=1,2"], cliMessage.optionOfOtherCommand("--sweep", ["model"], "summary")],
    [["plot", "data/web-steady.csv", "--by-label"], cliMessage.optionOfOtherCommand("--by-label", ["summary"], "plot")],
    [["model", "m.json", "--splits", "3"], cliMessage.optionOfOtherCommand("--splits", ["plot"], "model")],
    [["summary", "data/web-steady.csv", "-o", "x.png"], cliMessage.optionOfOtherCommand("-o", ["plot", "fetch", "model", "modes", "export"], "summary")],
  ];
  for (const [argv, text] of cases) {
    const r = await chp(...argv);
    assert.equal(r.code, usageCode, argv.join(" "));
    assert.equal(r.stderr, `chp: ${text}\n`);
  }
  assert.ok(cliMessage.optionOfOtherCommand("--sweep", ["model"], "summary").startsWith("--sweep is an option of chp model"));
  assert.ok(cliMessage.optionOfOtherCommand("-o", ["plot", "model"], "summary").startsWith("-o is an option of chp plot and chp model,"));
});

// Table-driven: a bad value -> exit 2 and the message of the existing validation rule.
const badValues: { argv: string[]; text: string }[] = [
  { argv: ["plot", "f.csv", "--q", "0"], text: message.badNumberOption("--q", "0", "a number in (0, 1], e.g. 0.95") },
  { argv: ["analyze", "f.csv", "--q", "1.5"], text: message.badNumberOption("--q", "1.5", "a number in (0, 1], e.g. 0.95") },
  { argv: ["plot", "f.csv", "--q", " "], text: message.badNumberOption("--q", " ", "a number in (0, 1], e.g. 0.95") },
  { argv: ["plot", "f.csv", "--splits", "21"], text: message.badNumberOption("--splits", "21", "a whole number from 0 to 20") },
  { argv: ["plot", "f.csv", "--splits=-1"], text: message.badNumberOption("--splits", "-1", "a whole number from 0 to 20") },
  { argv: ["plot", "f.csv", "--splits", "2.5"], text: message.badNumberOption("--splits", "2.5", "a whole number from 0 to 20") },
  { argv: ["plot", "f.csv", "--width", "199"], text: message.badNumberOption("--width", "199", "a whole number from 200 to 10000") },
  { argv: ["plot", "f.csv", "--height", "10001"], text: message.badNumberOption("--height", "10001", "a whole number from 200 to 10000") },
  { argv: ["plot", "f.csv", "--width", "abc"], text: message.badNumberOption("--width", "abc", "a whole number from 200 to 10000") },
  { argv: ["model", "m.json", "--samples", "0"], text: message.badNumberOption("--samples", "0", "a whole number from 1 to 10000000") },
  { argv: ["model", "m.json", "--samples", "10000001"], text: message.badNumberOption("--samples", "10000001", "a whole number from 1 to 10000000") },
  { argv: ["model", "m.json", "--seed", "4294967296"], text: message.badNumberOption("--seed", "4294967296", "a whole number from 0 to 4294967295") },
  { argv: ["modes", "l.csv", "--seed=-1"], text: message.badNumberOption("--seed", "-1", "a whole number from 0 to 4294967295") },
  { argv: ["export", "guesstimate", "l.csv", "--seed", "x"], text: message.badNumberOption("--seed", "x", "a whole number from 0 to 4294967295") },
  { argv: ["modes", "l.csv", "--modes", "7"], text: message.badNumberOption("--modes", "7", "a whole number from 1 to 6") },
  { argv: ["modes", "l.csv", "--modes", "0"], text: message.badNumberOption("--modes", "0", "a whole number from 1 to 6") },
  { argv: ["plot", "f.csv", "--response", "p98"], text: hm.badResponseStat("p98") },
  { argv: ["analyze", "f.csv", "--response", "MEAN"], text: hm.badResponseStat("MEAN") },
  { argv: ["summary", "f.csv", "--unit", "minutes"], text: hm.badUnit("--unit", "minutes") },
  { argv: ["plot", "f.csv", "--input-unit", "min"], text: hm.badUnit("--input-unit", "min") },
  { argv: ["summary", "f.csv", "--interval", "soon"], text: hm.badInterval("soon") },
  { argv: ["summary", "f.csv", "--interval", "0s"], text: hm.badInterval("0s") },
  {
    argv: ["analyze", "f.csv", "--sla", "250ms", "--no-estimate"],
    text: message.conflictingOptions("--sla", "--no-estimate", "the SLA is measured by the headroom estimate"),
  },
  { argv: ["summary", "f.csv", "--by-label", "--label", "GET /"], text: mm.byLabelWithLabel() },
  { argv: ["plot", "f.csv", "--title"], text: message.badOption("Option '--title <value>' argument missing") },
  { argv: ["summary", "f.csv", "--json=yes"], text: message.badOption("Option '--json' does not take an argument") },
];

for (const { argv, text } of badValues) {
  test(`chp ${argv.join(" ")} -> exit 2: ${text}`, async () => {
    const r = await chp(...argv);
    assert.equal(r.code, usageCode, r.stderr);
    assert.equal(r.stderr, `chp: ${text}\n`);
    assert.equal(r.stdout, "");
  });
}

test("a value that starts with a dash: one line that says how to give it (--splits=-1)", async () => {
  const r = await chp("plot", "f.csv", "--splits", "-1");
  assert.equal(r.code, usageCode);
  assert.match(r.stderr, /^chp: Option '--splits' argument is ambiguous\. .*'--splits=-XYZ'/);
  oneLine(r.stderr);
});

test("parseCommandArgs: typed values from the table's parses; repeated flags as a list; --format passed through", () => {
  const plot = parseCommandArgs("plot", [
    "a.hlog",
    "--q",
    "0.9",
    "--splits",
    "3",
    "--unit",
    "MS",
    "--input-unit",
    "µsec",
    "--interval",
    "500ms",
    "--response",
    "p99",
    "--no-fit",
    "-o",
    "x.svg",
    "--format",
    "hlog",
    "b.hlog",
  ]);
  assert.deepEqual(plot.positionals, ["a.hlog", "b.hlog"]);
  assert.deepEqual(plot.values, {
    format: "hlog",
    q: 0.9,
    "no-fit": true,
    out: "x.svg",
    splits: 3,
    interval: 0.5,
    response: "p99",
    unit: "ms",
    "input-unit": "us",
  });
  const model = parseCommandArgs("model", ["m.json", "--sweep", "a=1,2", "--sweep", "b=3,4", "--samples", "1000", "--seed", "0", "--json"]);
  assert.deepEqual(model.values, { samples: 1000, seed: 0, sweep: ["a=1,2", "b=3,4"], json: true });
  assert.deepEqual(parseCommandArgs("summary", ["f", "--interval", "2m", "--json"]).values, { interval: 120, json: true });
  assert.deepEqual(parseCommandArgs("analyze", ["f", "--sla", "250ms"]).values, { sla: "250ms" }, "--sla stays text");
  assert.deepEqual(parseCommandArgs("formats", ["--json"]), { positionals: [], values: { json: true } });
});
