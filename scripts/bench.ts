/**
 * The benchmark (not a test, not part of `npm test`):
 *
 *   seeded inputs in a temporary folder (scripts/bench-inputs.ts), deleted afterwards:
 *     a time-series CSV (1M rows), a JMeter JTL (10M rows, ~1.2 GB), an .hlog (10,000 intervals)
 *   -> peers, run alternately with chp doing the same work (scripts/bench-run.ts):
 *      R (`read.csv` + `quantile` + `hist` + `glm(y ~ x, inverse.gaussian, weights = x)`, as
 *      the R headroom plot does) on an easy and a hard CSV; DuckDB's exact per-interval
 *      quantiles of the JTL (CSV and Parquet); Java's HistogramLogProcessor on the .hlog
 *   -> per input: the floor (`wc -l`, a byte scan no parser can beat), then the whole
 *      process of `chp summary`, `chp analyze` and `chp plot`,
 *      median wall time of several runs, peak RSS (/usr/bin/time -v)
 *   -> peak RSS of `chp summary` at two sizes of each input (does memory grow with rows?)
 *   -> `chp --help` start-up time
 *   -> ratios chp / R and chp / byte scan, printed and written to BENCHMARKS.md
 *
 * Run: npm run build && npm run bench            (full: ~10 minutes, ~1.5 GB of temporary disk)
 *      npm run bench -- --quick                  (smaller inputs, a smoke run; writes nothing
 *                                                 unless --write)
 * Options: --runs N (default 3; the 10M-row JTL runs once), --write / --no-write.
 * Uses $CHP_CLI if set, else dist/cli/main.js.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { writeHlog, writeJmeterXml, writeJtl, writeTimeSeries } from "./bench-inputs.js";
import { alternate, type Contender, leftOutCost, leftOutHere, leftOutOfEnv, median, missingCommand, type Run, timed } from "./bench-run.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const runsAt = argv.indexOf("--runs");
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
const write = argv.includes("--write") || (!quick && !argv.includes("--no-write"));
const cli = process.env.CHP_CLI ?? "dist/cli/main.js";
if (!existsSync(cli)) {
  console.error(`bench: ${cli} not found: run npm run build first`);
  process.exit(2);
}

const sizes = quick
  ? { csv: 100_000, csvSmall: 10_000, jtl: 1_000_000, jtlSmall: 100_000, hlog: 1_000, hlogSmall: 100 }
  : { csv: 1_000_000, csvSmall: 100_000, jtl: 10_000_000, jtlSmall: 1_000_000, hlog: 10_000, hlogSmall: 1_000 };

const chp = (...args: string[]): [string, string[]] => ["node", [cli, ...args]];
const cmdOf = ([cmd, args]: [string, string[]]) => ({ cmd, args });

function machine(): string[] {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "?";
  const nproc = spawnSync("nproc", { encoding: "utf8" }).stdout.trim();
  const r = spawnSync("Rscript", ["--version"], { encoding: "utf8" });
  const leftOut = leftOutHere();
  return [
    `- CPU: ${model}, nproc = ${nproc} (shared with other work while measuring)`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node ${process.version}; ${(r.stdout || r.stderr).trim().split("\n")[0] || "R: not found"}`,
    `- date: ${new Date().toISOString().slice(0, 10)}`,
    `- environment: ${leftOut.length > 0 ? `${leftOut.join(", ")} set here, left out of every timed process (see Method)` : "nothing left out (none of the variables below is set here)"}`,
  ];
}

const rScript = `args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
x <- d$throughput; y <- d$response_ms
keep <- x > 0 & y > 0 & !is.na(x) & !is.na(y); x <- x[keep]; y <- y[keep]
k <- y < quantile(y, 0.95); x <- x[k]; y <- y[k]
hx <- hist(x, plot = FALSE); hy <- hist(y, plot = FALSE)
fit <- glm(y ~ x, family = inverse.gaussian, weights = x)
print(coef(fit))
`;

const java = "/usr/share/java/hdrhistogram.jar";
const duckdbMissing = (() => {
  const r = spawnSync("node", ["-e", "import('@duckdb/node-api').then(() => process.exit(0), () => process.exit(1))"]);
  return r.status === 0 ? undefined : "DuckDB is not installed (npm package @duckdb/node-api)";
})();

/** One peer comparison: the contenders run alternately; rows say time, memory and ratios to `base`. */
interface PeerRow {
  input: string;
  results: Map<string, Run | undefined>;
  contenders: Contender[];
  /** The contender the others are compared with (chp's run of the same work). */
  base: string;
}

function peerRows(row: PeerRow): string[] {
  const base = row.results.get(row.base);
  return row.contenders.map((c) => {
    const r = row.results.get(c.name);
    const time = c.missing ? `missing: ${c.missing}` : r?.ok ? `${r.seconds.toFixed(2)} s` : `failed after ${r?.seconds.toFixed(2)} s: ${r?.note ?? ""}`;
    const vs = c.name === row.base ? "1x" : r && base?.ok ? `${(r.seconds / base.seconds).toFixed(1)}x` : "";
    return `| ${row.input} | ${c.name} | ${time} | ${mb(r)} | ${vs} |`;
  });
}

const fmt = (r: Run | undefined) => (r === undefined ? "" : r.ok ? `${r.seconds.toFixed(2)} s` : `failed`);
const mb = (r: Run | undefined) => (r === undefined || !r.ok ? "" : `${r.rssMb.toFixed(0)} MB`);
const ratio = (a: Run | undefined, b: Run | undefined) => (a?.ok && b?.ok ? `${(a.seconds / b.seconds).toFixed(1)}x` : "");

const dir = mkdtempSync(join(tmpdir(), "chp-bench-"));
try {
  const files = {
    csv: join(dir, "series.csv"),
    csvHard: join(dir, "series-hard.csv"),
    csvSmall: join(dir, "series-small.csv"),
    jtl: join(dir, "run.jtl"),
    jtlSmall: join(dir, "run-small.jtl"),
    xml: join(dir, "run.xml"),
    xmlSmall: join(dir, "run-small.xml"),
    hlog: join(dir, "run.hlog"),
    hlogSmall: join(dir, "run-small.hlog"),
  };
  const t0 = performance.now();
  await writeTimeSeries(files.csv, sizes.csv);
  await writeTimeSeries(files.csvHard, sizes.csv, 0.97);
  await writeTimeSeries(files.csvSmall, sizes.csvSmall);
  await writeJtl(files.jtl, sizes.jtl);
  await writeJtl(files.jtlSmall, sizes.jtlSmall);
  // JMeter XML at a tenth of the JTL's rows (its reader is measured per byte against the JTL's)
  await writeJmeterXml(files.xml, sizes.jtlSmall);
  await writeJmeterXml(files.xmlSmall, sizes.jtlSmall / 10);
  await writeHlog(files.hlog, sizes.hlog);
  await writeHlog(files.hlogSmall, sizes.hlogSmall);
  console.log(`inputs generated in ${((performance.now() - t0) / 1000).toFixed(0)} s in ${dir}`);
  writeFileSync(join(dir, "reference.R"), rScript);

  // Peers first: each comparison runs its contenders alternately, `runs` rounds.
  const rounds = Math.max(3, runs);
  const peers: PeerRow[] = [];
  const rMissing = missingCommand("Rscript", "R");
  const rScriptFile = join(dir, "reference.R");
  for (const [input, file] of [
    [`time-series CSV, ${sizes.csv.toLocaleString("en-US")} rows, easy knee (peak 75% utilisation)`, files.csv],
    [`time-series CSV, ${sizes.csv.toLocaleString("en-US")} rows, hard case: peak 97%, R's glm() fails`, files.csvHard],
  ] as const) {
    const contenders: Contender[] = [
      { name: "R read.csv + quantile + hist + glm", cmd: "Rscript", args: [rScriptFile, file], missing: rMissing },
      { name: "chp analyze --no-estimate (R's work)", ...cmdOf(chp("analyze", file, "--no-estimate")) },
      { name: "chp analyze (+ pattern, headroom)", ...cmdOf(chp("analyze", file)) },
    ];
    peers.push({ input, contenders, base: contenders[1].name, results: alternate(rounds, contenders) });
    console.log(peerRows(peers[peers.length - 1]).join("\n"));
  }
  {
    const parquet = join(dir, "run.parquet");
    if (!duckdbMissing) spawnSync("node", ["scripts/bench-duckdb.mjs", files.jtl, "--to-parquet", parquet], { stdio: "inherit" });
    const contenders: Contender[] = [
      { name: "byte scan `wc -l`", cmd: "wc", args: ["-l", files.jtl] },
      {
        name: "DuckDB, CSV: count, mean, max, exact quantile_cont p50/p90/p99/p999 per second",
        cmd: "node",
        args: ["scripts/bench-duckdb.mjs", files.jtl],
        missing: duckdbMissing,
      },
      { name: "DuckDB, the same query on a Parquet copy", cmd: "node", args: ["scripts/bench-duckdb.mjs", parquet], missing: duckdbMissing },
      { name: "chp summary --interval 1s", ...cmdOf(chp("summary", files.jtl, "--interval", "1s", "--json")) },
    ];
    const input = `JMeter JTL, ${sizes.jtl.toLocaleString("en-US")} rows`;
    peers.push({ input, contenders, base: contenders[3].name, results: alternate(rounds, contenders) });
    console.log(peerRows(peers[peers.length - 1]).join("\n"));
  }
  {
    const contenders: Contender[] = [
      { name: "byte scan `wc -l`", cmd: "wc", args: ["-l", files.hlog] },
      {
        name: "Java HistogramLogProcessor (libhdrhistogram-java)",
        cmd: "java",
        args: ["-cp", java, "org.HdrHistogram.HistogramLogProcessor", "-i", files.hlog, "-o", join(dir, "hlp")],
        missing: existsSync(java) ? missingCommand("java", "Java") : `Java HdrHistogram is not installed (${java})`,
      },
      { name: "chp summary", ...cmdOf(chp("summary", files.hlog, "--json")) },
    ];
    const input = `HdrHistogram .hlog, ${sizes.hlog.toLocaleString("en-US")} intervals`;
    peers.push({ input, contenders, base: contenders[2].name, results: alternate(rounds, contenders) });
    console.log(peerRows(peers[peers.length - 1]).join("\n"));
  }
  const peerTable = peers.flatMap(peerRows);

  const inputs = [
    {
      name: "time-series CSV",
      rows: `${sizes.csv.toLocaleString("en-US")} rows`,
      file: files.csv,
      small: files.csvSmall,
      smallRows: sizes.csvSmall,
      n: runs,
    },
    {
      name: "JMeter JTL",
      rows: `${sizes.jtl.toLocaleString("en-US")} rows`,
      file: files.jtl,
      small: files.jtlSmall,
      smallRows: sizes.jtlSmall,
      n: quick ? runs : 1,
    },
    {
      name: "JMeter XML",
      rows: `${sizes.jtlSmall.toLocaleString("en-US")} samples`,
      file: files.xml,
      small: files.xmlSmall,
      smallRows: sizes.jtlSmall / 10,
      n: runs,
    },
    {
      name: "HdrHistogram .hlog",
      rows: `${sizes.hlog.toLocaleString("en-US")} intervals`,
      file: files.hlog,
      small: files.hlogSmall,
      smallRows: sizes.hlogSmall,
      n: runs,
    },
  ];
  const table: string[] = [];
  const memory: string[] = [];
  for (const input of inputs) {
    const size = statSync(input.file).size;
    const floor = median(input.n, "wc", ["-l", input.file]);
    const summary = median(input.n, ...chp("summary", input.file, "--json"));
    const analyze = median(input.n, ...chp("analyze", input.file));
    const plot = median(input.n, ...chp("plot", input.file, "-o", join(dir, "out.png")));
    const label = `${input.name}, ${input.rows} (${(size / 1e6).toFixed(0)} MB)`;
    const row = (what: string, r: Run) => `| ${label} | ${what} | ${fmt(r)} | ${mb(r)} | ${ratio(r, floor)} |`;
    table.push(`| ${label} | byte scan \`wc -l\` | ${fmt(floor)} | ${mb(floor)} | 1x |`);
    table.push(row("chp summary", summary), row("chp analyze", analyze), row("chp plot (PNG)", plot));
    for (const r of [summary, analyze, plot]) if (!r.ok) console.log(`  failed: ${r.note}`);
    const small = timed(...chp("summary", input.small, "--json"));
    memory.push(`| ${input.name} | ${input.smallRows.toLocaleString("en-US")} | ${mb(small)} | ${input.rows} | ${mb(summary)} |`);
    console.log(table.slice(-4).join("\n"));
  }
  const helps: number[] = [];
  for (let i = 0; i < 11; i++) helps.push(timed("node", [cli, "--help"]).seconds);
  helps.sort((a, b) => a - b);
  const help = helps[5];
  const envCost = leftOutCost(11);

  const doc = `# Benchmarks

Measured by \`npm run bench\` (scripts/bench.ts)${quick ? " with --quick (small inputs)" : ""}.

## Machine
${machine().join("\n")}

## Method
- Inputs are generated seeded in a temporary folder and deleted afterwards
  (scripts/bench-inputs.ts): time-series CSVs \`timestamp,throughput,response_ms\` (one-second
  intervals of an M/M/1-like service; the easy one peaks at 75% utilisation, the hard one at 97%,
  where R's glm() fails from its default start), a JMeter JTL in JMeter's 17-column default layout
  (scripts/jtl-generator.ts, ~2,800 requests/s, 1% failures, 3 labels), the same requests (a tenth
  of them) as JMeter XML (scripts/jmeter-xml-generator.ts, one \`<httpSample .../>\` a line), an HdrHistogram log
  (format 1.3, V2 compressed, ~1,000 latencies per one-second interval).
- Every figure is the whole process (start-up included) and its peak RSS (/usr/bin/time -v, the
  largest of the runs). The machine is shared, so expect noise.
- ${leftOutOfEnv.join(", ")} is left out of every timed process's environment: this project's
  machines set it for their TLS proxy, and with it every Node process reads and parses the CA
  bundle as it starts (${envCost === null ? "not set on this machine" : `\`node -e 0\` here: ${envCost.without.toFixed(2)} s without it, ${envCost.with.toFixed(2)} s with it, medians of 11 alternating runs`}),
  which only the Node contenders (chp, DuckDB's Node API) would pay and none of them needs (no
  contender opens a TLS connection; a user's machine rarely sets it).
- **Peers**: the contenders of one comparison run alternately (round-robin, ${rounds} rounds), so a
  busy minute falls on all of them; the median is reported, and "/ chp" is the contender's time
  over chp's time for the same work (above 1x: chp is faster). A peer that is not installed is
  listed as missing.
  - R: \`Rscript\` of \`read.csv\` + \`quantile(y, 0.95)\` trim + \`hist\` of both columns +
    \`glm(y ~ x, family = inverse.gaussian, weights = x)\`, the R headroom plot's work (not its
    drawing). \`chp analyze --no-estimate\` does that same work (like for like); \`chp analyze\`
    also classifies the pattern and estimates the headroom (M/M/c and capacity curves, USL, 40
    block-bootstrap resamples of 50,000 rows of every bounding model).
  - DuckDB (@duckdb/node-api, all cores): the successful requests' count, mean, max and exact
    \`quantile_cont\` p50/p90/p99/p99.9 per one-second interval (scripts/bench-duckdb.mjs), from the
    JTL and from a Parquet copy of its three columns made beforehand (not timed); chp gives the same
    per-interval figures from HdrHistograms (3 significant digits).
  - Java \`HistogramLogProcessor\` (HdrHistogram's own tool, Debian libhdrhistogram-java): the
    per-interval and overall percentile output of the .hlog; \`chp summary\` reads the same log.
- **chp per input**: \`chp summary\`, \`chp analyze\` and \`chp plot\`, median of ${runs} runs (the
  ${sizes.jtl.toLocaleString("en-US")}-row JTL: ${quick ? runs : 1} run), against the floor \`wc -l FILE\`, a byte scan no
  parser can beat.

## Peers (same run, alternating)
| input | contender | wall time | peak RSS | / chp |
|---|---|---|---|---|
${peerTable.join("\n")}

## chp per input
| input | command | wall time | peak RSS | / byte scan |
|---|---|---|---|---|
${table.join("\n")}

\`chp --help\` start-up: ${(help * 1000).toFixed(0)} ms (median of 11 runs).

## Memory against input size (\`chp summary\`, peak RSS)
| input | smaller | peak RSS | larger | peak RSS |
|---|---|---|---|---|
${memory.join("\n")}

The JTL and .hlog readers aggregate while streaming (one HdrHistogram per open interval), so
their memory does not follow the number of rows. A time-series CSV is held as three
Float64Array columns (24 bytes a row): \`summary\` reports exact R type 7 quantiles and the
analysis sorts, trims and resamples the rows, so it needs them all.
`;
  console.log(`\nchp --help: ${(help * 1000).toFixed(0)} ms`);
  console.log(`\n${memory.join("\n")}`);
  if (write) {
    // Hand-written notes below the marker (before/after figures, misses) survive a re-run.
    const marker = "<!-- notes: kept by npm run bench -->";
    const old = existsSync("BENCHMARKS.md") ? readFileSync("BENCHMARKS.md", "utf8") : "";
    writeFileSync("BENCHMARKS.md", old.includes(marker) ? `${doc}\n${old.slice(old.indexOf(marker))}` : doc);
    console.log("wrote BENCHMARKS.md");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
