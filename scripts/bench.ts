/**
 * The benchmark (not a test, not part of `npm test`):
 *
 *   seeded inputs in a temporary folder (scripts/bench-inputs.ts), deleted afterwards:
 *     a time-series CSV (1M rows), a JMeter JTL (10M rows, ~1.2 GB), an .hlog (10,000 intervals)
 *   -> per input: the floor (`wc -l`, a byte scan no parser can beat), then the whole
 *      process of `chp summary`, `chp analyze` and `chp plot`,
 *      median wall time of several runs, peak RSS (/usr/bin/time -v)
 *   -> the reference: R (`read.csv` + `quantile` + `hist` + `glm(y ~ x, inverse.gaussian,
 *      weights = x)`, as the R headroom plot does) on the CSV
 *   -> peak RSS of `chp summary` at two sizes of each input (does memory grow with rows?)
 *   -> `chp --help` start-up time
 *   -> ratios chp / R and chp / byte scan, printed and written to BENCHMARKS.md
 *
 * Run: npm run build && npm run bench            (full: ~5 minutes, ~1.3 GB of temporary disk)
 *      npm run bench -- --quick                  (smaller inputs, a smoke run; writes nothing
 *                                                 unless --write)
 * Options: --runs N (default 3; the 10M-row JTL runs once), --write / --no-write.
 * Uses $CHP_CLI if set, else dist/cli/main.js.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { writeHlog, writeJtl, writeTimeSeries } from "./bench-inputs.js";

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

interface Run {
  seconds: number;
  rssMb: number;
  ok: boolean;
  note?: string;
}

/** One process under /usr/bin/time -v: wall time (from here) and peak RSS. */
function timed(cmd: string, args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const ok = r.status === 0;
  return {
    seconds,
    rssMb: rss ? Number(rss) / 1024 : NaN,
    ok,
    note: ok
      ? undefined
      : r.stderr
          .split("\n")
          .filter((l) => l && !l.startsWith("\t"))
          .slice(0, 2)
          .join(" "),
  };
}

/** Median wall time of n runs (the peak RSS is the largest seen). */
function median(n: number, cmd: string, args: string[]): Run {
  const all: Run[] = [];
  for (let i = 0; i < n; i++) {
    const r = timed(cmd, args);
    all.push(r);
    if (!r.ok) return r;
  }
  const s = all.map((r) => r.seconds).sort((a, b) => a - b);
  return { seconds: s[Math.floor((s.length - 1) / 2)], rssMb: Math.max(...all.map((r) => r.rssMb)), ok: true };
}

const chp = (...args: string[]): [string, string[]] => ["node", [cli, ...args]];

function machine(): string[] {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "?";
  const nproc = spawnSync("nproc", { encoding: "utf8" }).stdout.trim();
  const r = spawnSync("Rscript", ["--version"], { encoding: "utf8" });
  return [
    `- CPU: ${model}, nproc = ${nproc} (shared with other work while measuring)`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node ${process.version}; ${(r.stdout || r.stderr).trim().split("\n")[0] || "R: not found"}`,
    `- date: ${new Date().toISOString().slice(0, 10)}`,
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

const fmt = (r: Run | undefined) => (r === undefined ? "" : r.ok ? `${r.seconds.toFixed(2)} s` : `failed`);
const mb = (r: Run | undefined) => (r === undefined || !r.ok ? "" : `${r.rssMb.toFixed(0)} MB`);
const ratio = (a: Run | undefined, b: Run | undefined) => (a?.ok && b?.ok ? `${(a.seconds / b.seconds).toFixed(1)}x` : "");

const dir = mkdtempSync(join(tmpdir(), "chp-bench-"));
try {
  const files = {
    csv: join(dir, "series.csv"),
    csvSmall: join(dir, "series-small.csv"),
    jtl: join(dir, "run.jtl"),
    jtlSmall: join(dir, "run-small.jtl"),
    hlog: join(dir, "run.hlog"),
    hlogSmall: join(dir, "run-small.hlog"),
  };
  const t0 = performance.now();
  await writeTimeSeries(files.csv, sizes.csv);
  await writeTimeSeries(files.csvSmall, sizes.csvSmall);
  await writeJtl(files.jtl, sizes.jtl);
  await writeJtl(files.jtlSmall, sizes.jtlSmall);
  await writeHlog(files.hlog, sizes.hlog);
  await writeHlog(files.hlogSmall, sizes.hlogSmall);
  console.log(`inputs generated in ${((performance.now() - t0) / 1000).toFixed(0)} s in ${dir}`);
  writeFileSync(join(dir, "reference.R"), rScript);

  const inputs = [
    {
      name: "time-series CSV",
      rows: `${sizes.csv.toLocaleString("en-US")} rows`,
      file: files.csv,
      small: files.csvSmall,
      smallRows: sizes.csvSmall,
      analyze: true,
      n: runs,
    },
    {
      name: "JMeter JTL",
      rows: `${sizes.jtl.toLocaleString("en-US")} rows`,
      file: files.jtl,
      small: files.jtlSmall,
      smallRows: sizes.jtlSmall,
      analyze: false,
      n: quick ? runs : 1,
    },
    {
      name: "HdrHistogram .hlog",
      rows: `${sizes.hlog.toLocaleString("en-US")} intervals`,
      file: files.hlog,
      small: files.hlogSmall,
      smallRows: sizes.hlogSmall,
      analyze: false,
      n: runs,
    },
  ];
  const table: string[] = [];
  const memory: string[] = [];
  let rRun: Run | undefined;
  for (const input of inputs) {
    const size = statSync(input.file).size;
    const floor = median(input.n, "wc", ["-l", input.file]);
    const summary = median(input.n, ...chp("summary", input.file, "--json"));
    // `chp analyze` runs on every input (the interval formats get a headroom analysis too); R only on the CSV.
    const analyze = median(input.n, ...chp("analyze", input.file));
    // The like-for-like comparison with R: only the headroom plot's own work (trim, histograms, staircase, GLM).
    const basic = input.analyze ? median(input.n, ...chp("analyze", input.file, "--no-estimate")) : undefined;
    const plot = median(input.n, ...chp("plot", input.file, "-o", join(dir, "out.png")));
    let reference: Run | undefined;
    if (input.analyze) reference = rRun = median(input.n, "Rscript", [join(dir, "reference.R"), input.file]);
    const label = `${input.name}, ${input.rows} (${(size / 1e6).toFixed(0)} MB)`;
    const row = (what: string, r: Run | undefined) =>
      r === undefined ? `| ${label} | ${what} | n/a | | | |` : `| ${label} | ${what} | ${fmt(r)} | ${mb(r)} | ${ratio(r, floor)} | ${ratio(r, reference)} |`;
    table.push(`| ${label} | byte scan \`wc -l\` | ${fmt(floor)} | ${mb(floor)} | 1x | |`);
    if (reference) table.push(`| ${label} | R read.csv + quantile + hist + glm | ${fmt(reference)} | ${mb(reference)} | ${ratio(reference, floor)} | 1x |`);
    table.push(row("chp summary", summary));
    if (basic) table.push(row("chp analyze --no-estimate (R's work)", basic));
    table.push(row("chp analyze", analyze), row("chp plot (PNG)", plot));
    for (const r of [summary, basic, analyze, plot, reference]) if (r && !r.ok) console.log(`  failed: ${r.note}`);
    const small = timed(...chp("summary", input.small, "--json"));
    memory.push(`| ${input.name} | ${input.smallRows.toLocaleString("en-US")} | ${mb(small)} | ${input.rows} | ${mb(summary)} |`);
    console.log(table.slice(input.analyze ? -6 : -4).join("\n"));
  }
  const helps: number[] = [];
  for (let i = 0; i < 11; i++) helps.push(timed("node", [cli, "--help"]).seconds);
  helps.sort((a, b) => a - b);
  const help = helps[5];

  const doc = `# Benchmarks

Measured by \`npm run bench\` (scripts/bench.ts)${quick ? " with --quick (small inputs)" : ""}.

## Machine
${machine().join("\n")}

## Method
- Inputs are generated seeded in a temporary folder and deleted afterwards
  (scripts/bench-inputs.ts): a time-series CSV \`timestamp,throughput,response_ms\` (one-second
  intervals of an M/M/1-like service), a JMeter JTL in JMeter's 17-column default layout
  (scripts/jtl-generator.ts, ~2,800 requests/s, 1% failures, 3 labels), an HdrHistogram log
  (format 1.3, V2 compressed, ~1,000 latencies per one-second interval).
- Every figure is the whole process (\`node dist/cli/main.js ...\`, start-up included), the
  median wall time of ${runs} runs (the ${sizes.jtl.toLocaleString("en-US")}-row JTL: ${quick ? runs : 1} run), and the peak RSS
  (/usr/bin/time -v, largest of the runs). The machine is shared, so expect some noise.
- Floor: \`wc -l FILE\`, a byte scan no parser can beat. Reference: \`Rscript\` of
  \`read.csv\` + \`quantile(y, 0.95)\` trim + \`hist\` of both columns +
  \`glm(y ~ x, family = inverse.gaussian, weights = x)\`, the R headroom plot's work (not its drawing).
  \`chp analyze --no-estimate\` does that same work (the like-for-like comparison).
  \`chp analyze\` does more: it also classifies the pattern and estimates the headroom
  (M/M/c and capacity curves, USL, 40 block-bootstrap resamples of every bounding model).
- Ratios are chp time / floor time and chp time / R time (smaller is better).

## Results
| input | command | wall time | peak RSS | / byte scan | / R |
|---|---|---|---|---|---|
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
  if (rRun) console.log(`R reference: ${fmt(rRun)}`);
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
