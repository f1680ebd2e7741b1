/**
 * The contract of an input format: every reader of the registry is an `InputFormat`.
 *
 *   file or stdin -> head (first 64 KiB, gunzipped) -> sniff(head) of every format -> the chosen
 *   format's read(input) -> one of three shapes (LoadedInput)
 *
 * The three shapes are the ones the analysis takes: a time series (a throughput and a response per
 * interval), interval histograms (one HdrHistogram per interval), or one distribution.
 */
import type { FileDistribution } from "../distribution.js";
import type { IntervalSet, ResponseStat } from "../intervals.js";
import type { TimeSeries } from "../time-series.js";
import type { ColumnFlags } from "../columns.js";
import type { TimeUnit } from "../units.js";
import type { SampleObserver } from "../request-sink.js";
import type { SyncReader } from "../open-input.js";

/** What a format gives. */
export type InputKind = "series" | "intervals" | "distribution";

/** A reader's result: one of the three shapes, with the id of the format that read it. */
export type LoadedInput =
  | {
      kind: "series";
      format: string;
      series: TimeSeries;
      /** The statistic the reader itself took as the response, when the format's rows hold several (a Locust history). */
      response?: ResponseStat;
      /** The whole run's totals as the tool itself computed them (Locust's cumulative Total columns), when the file carries them. */
      totals?: ToolTotals;
      /** Where a series queried from a metrics server came from (server, queries, range, step), when it was. */
      source?: SeriesSource;
      /** With --by LABEL: one series per value of the label; `series` is then their total. */
      groups?: SeriesGroups;
    }
  | { kind: "intervals"; format: string; set: IntervalSet }
  | { kind: "distribution"; format: string; dist: FileDistribution };

/**
 * One series per value of a label (`--by instance`: one per host), beside their total. The total's
 * throughput is the sum over the values per time; its response the throughput-weighted mean of
 * theirs when the response is a mean, or a percentile of the summed histogram buckets (queried, as
 * percentiles of parts cannot be merged).
 */
export interface SeriesGroups {
  /** The label (a Prometheus label such as instance, or the CSV column that holds it). */
  label: string;
  /** Each value's series, sorted by value. */
  groups: { value: string; series: TimeSeries }[];
}

/** A series' provenance when it was queried from a Prometheus-compatible server (or read from its saved answers). */
export interface SeriesSource {
  kind: "prometheus";
  /** The server's URL; null for saved answers read from files. */
  server: string | null;
  queries: { throughput: string | null; response: string | null };
  /** Epoch seconds of the range asked for, and the step (null when not known: saved answers). */
  start: number | null;
  end: number | null;
  step: number | null;
  /** The rate window of queries built from --metric, and why it is that long. */
  window: { seconds: number; reason: string } | null;
  /** What the reader knows about the values' precision (a histogram_quantile interpolates within buckets). */
  notes: string[];
  /** With --by LABEL: the label, and how the total was made (its response query when queried). */
  by?: { label: string; total: { throughput: string; response: string } };
}

/**
 * A run's totals as the load-test tool computed them, over every raw response (never percentiles
 * of per-window percentiles). Values the file does not carry are null.
 */
export interface ToolTotals {
  /** Where they come from, for the report ("Locust's cumulative Total columns of the last Aggregated row"). */
  source: string;
  /** The unit of min, max, mean and p50. */
  unit: string | null;
  /** Successful requests (the tool's request count minus its failures). */
  count: number | null;
  /** Failed requests. */
  errors: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  p50: number | null;
}

/** The start of an input, as a sniff sees it. */
export interface InputHead {
  /** The file name as given (`-` for stdin). */
  file: string;
  /** The first 64 KiB as text (gunzipped), cut at the last line break; a leading BOM removed. */
  text: string;
  /** Its first lines (at most 200), without line breaks. */
  lines: readonly string[];
  /** The first line that is not blank. */
  firstLine: string;
}

/** An input opened for reading. */
export interface OpenedInput {
  file: string;
  /** Bytes on disk (0 for stdin). */
  size: number;
  head: InputHead;
  /**
   * The bytes (gunzipped), from the start; stdin can be read once. `chunkBytes`: the size of the
   * file's reads (default 64 KiB; stdin comes as it comes).
   */
  open(options?: { chunkBytes?: number }): AsyncIterable<Buffer>;
  /**
   * The file for synchronous reads when `open` would pass its bytes through unchanged (a plain
   * file, not stdin: src/load/open-input.ts openPlainFile), else null.
   */
  openSync?(): SyncReader | null;
}

/**
 * Every option a reader may take. Each format names the ones it uses (`options`); giving one that
 * the chosen format does not use is a usage error, never silently ignored.
 */
export interface LoadOptions extends ColumnFlags {
  /** Read every input as this format id instead of sniffing (`chp formats` lists them). */
  format?: string;
  /** Skip rows that cannot be read (counted in `skipped`) instead of stopping at the first. */
  skipBadRows?: boolean;
  /** HdrHistogram logs: the tag to read (default: the untagged intervals). */
  tag?: string | null;
  /** Interval logs: keep the intervals starting at least this many seconds after the log's start. */
  start?: number | null;
  /** Interval logs: keep the intervals starting at most this many seconds after the log's start. */
  end?: number | null;
  /** Per-request logs: keep only requests with this label. */
  label?: string | null;
  /** Per-request logs: also aggregate every label apart. */
  byLabel?: boolean;
  /** A long time-series CSV (chp fetch --by): one series per value of this column, the rows with it empty their total. */
  by?: string | null;
  /** k6 outputs: the trend metric read as the latency (default http_req_duration). */
  metric?: string | null;
  /** Per-request logs: the interval length in seconds (default: from the run length). */
  interval?: number | null;
  /** The unit of the file's values when the format does not state it. */
  inputUnit?: TimeUnit | null;
  /**
   * The response statistic (`--response`). Interval formats leave it to `seriesOf`; a format whose
   * rows hold several statistics (a Locust history's percentile columns) reads it itself and says so
   * in `LoadedInput.response`.
   */
  response?: ResponseStat;
  /** Per-request formats: sees every sample as read (`--like jmeter`); other formats leave it unused. */
  samples?: SampleObserver | null;
  /** Called while a large input is read: bytes read so far of `size`. */
  onProgress?: (file: string, bytes: number, size: number) => void;
  /** Query this Prometheus-compatible server instead of reading files (src/load/sources/prometheus.ts). */
  prometheus?: import("../sources/prometheus-query.js").PrometheusQuery;
  /** Where `-` reads from (default: process.stdin). */
  stdin?: AsyncIterable<Buffer>;
}

/** The options that change what a reader reads (the rest are plumbing). */
export type ReaderOption =
  | "timeCol"
  | "throughputCol"
  | "responseCol"
  | "skipBadRows"
  | "tag"
  | "label"
  | "byLabel"
  | "by"
  | "interval"
  | "inputUnit"
  | "start"
  | "end"
  | "metric";

export interface InputFormat {
  /** Short stable name, used by `--format` and in results. */
  id: string;
  /** What the format is, for lists and messages ("an HdrHistogram interval log"). */
  describe: string;
  /** The extensions its files usually carry (".hlog"); a file so named must sniff as this format. */
  extensions: readonly string[];
  /** The shape `read` returns (null for a format recognised but not read yet). */
  gives: InputKind | null;
  /** The reader options it takes. */
  options: readonly ReaderOption[];
  /**
   * How sure the content is this format, from its head: 0 = not it; 1 = its signature is there;
   * in between for formats recognised by their columns (a generic CSV).
   */
  sniff(head: InputHead, options: LoadOptions): number;
  /** Read one input. Readers are imported here, on first use: a run loads only the one it reads. */
  read(input: OpenedInput, options: LoadOptions): Promise<LoadedInput>;
  /** Formats with the same merge group are read together, interval by interval, when several inputs are given. */
  mergeGroup?: string;
  /** Read several inputs of this merge group as one (required with mergeGroup). */
  readMany?(inputs: readonly OpenedInput[], options: LoadOptions): Promise<LoadedInput>;
  /** Recognised but not read yet: read() throws a DataError that says so. Listed apart by `chp formats`. */
  unsupported?: boolean;
}
