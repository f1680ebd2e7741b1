/**
 * The registry of input formats, and how one is chosen for a file:
 *
 *   --format ID given          -> that format (an unknown id is a usage error listing the ids)
 *   otherwise, every sniff     -> the highest confidence wins;
 *                                 a tie between formats at the top -> an error naming them;
 *                                 nothing above 0 -> an error naming what was seen
 *   a name that claims formats -> one of them must sniff above 0 (a ".hlog" holding a CSV is an
 *   (".hlog", ".jtl")             error, not a CSV read by the wrong reader)
 *
 * Adding a format: a module in this folder exporting an InputFormat, and one line in `inputFormats`.
 */
import { DataError, UsageError } from "../../errors.js";
import { formatMessage, reliabilityMessage } from "../../messages.js";
import { binaryOffset } from "../series-checks.js";
import { seenColumns } from "./head.js";
import { abGnuplotFormat } from "./ab-gnuplot.js";
import { abPercentilesFormat } from "./ab-percentiles.js";
import { abTextFormat } from "./ab-text.js";
import { artillery1Format, artillery2Format } from "./artillery.js";
import { heyFormat } from "./hey.js";
import { hgrmFormat } from "./hgrm.js";
import { hlogFormat } from "./hlog.js";
import { gatlingBinaryFormat, gatlingLogFormat, gatlingStatsFormat } from "./gatling-log.js";
import { jmeterXmlFormat } from "./jmeter-xml.js";
import { jtlFormat } from "./jtl.js";
import { k6CsvFormat, k6JsonFormat, k6SummaryFormat } from "./k6.js";
import { locustHistoryFormat } from "./locust-history.js";
import { locustStatsFormat } from "./locust-stats.js";
import { recognisedFormats } from "./recognised.js";
import { prometheusJsonFormat } from "./prometheus-json.js";
import { requestCsvFormat } from "./request-csv.js";
import { spigoFormat } from "./spigo.js";
import { timeSeriesFormat } from "./time-series-csv.js";
import { vegetaCsvFormat, vegetaJsonFormat } from "./vegeta.js";
import { wrkFormat } from "./wrk.js";
import type { InputFormat, InputHead, LoadOptions } from "./types.js";

/** Every format chp reads, in the order `chp formats` lists them, then those it only recognises. */
export const inputFormats: readonly InputFormat[] = [
  timeSeriesFormat,
  jtlFormat,
  heyFormat,
  requestCsvFormat,
  hlogFormat,
  hgrmFormat,
  spigoFormat,
  jmeterXmlFormat,
  gatlingLogFormat,
  locustHistoryFormat,
  locustStatsFormat,
  abGnuplotFormat,
  abPercentilesFormat,
  abTextFormat,
  wrkFormat,
  prometheusJsonFormat,
  k6CsvFormat,
  k6JsonFormat,
  k6SummaryFormat,
  artillery1Format,
  artillery2Format,
  gatlingStatsFormat,
  gatlingBinaryFormat,
  vegetaCsvFormat,
  vegetaJsonFormat,
  ...recognisedFormats,
];

/** The format with this id; a usage error listing the ids otherwise. */
export function formatById(id: string): InputFormat {
  const f = inputFormats.find((x) => x.id === id);
  if (!f)
    throw new UsageError(
      formatMessage.unknownFormatId(
        id,
        inputFormats.filter((x) => !x.unsupported).map((x) => x.id),
      ),
    );
  return f;
}

/** Every format's confidence for this head, best first (ties keep registry order). */
export function sniffAll(head: InputHead, options: LoadOptions = {}): { format: InputFormat; confidence: number }[] {
  return inputFormats
    .map((format) => ({ format, confidence: format.sniff(head, options) }))
    .filter((s) => s.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence);
}

/** The formats a file name claims by its extension (after a .gz). */
export function formatsByName(file: string): InputFormat[] {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  return inputFormats.filter((f) => f.extensions.some((e) => name.endsWith(e)) && !isGeneric(f));
}

/** Formats whose extensions say little (".csv" is also a JTL, a hey log, a Locust history...). */
function isGeneric(f: InputFormat): boolean {
  return f.id === timeSeriesFormat.id || f.extensions.every((e) => e === ".log" || e === ".xml");
}

/** The first characters of an input, blanks squeezed, for a message. */
function startOf(head: InputHead): string {
  return head.text.slice(0, 200).replace(/\s+/g, " ").trim();
}

/** The format of one input: `options.format` when given, else its content, checked against its name. */
export function chooseFormat(head: InputHead, options: LoadOptions = {}): InputFormat {
  if (options.format !== undefined) return formatById(options.format);
  const { file } = head;
  const sniffed = sniffAll(head, options);
  const claimed = formatsByName(file);
  if (claimed.length > 0) {
    const agreeing = sniffed.find((s) => claimed.includes(s.format));
    if (agreeing) return agreeing.format;
    if (sniffed.length > 0) throw new DataError(formatMessage.notThisFormat(claimed[0].describe, sniffed[0].format.describe), { file, line: 1 });
  }
  if (sniffed.length === 0) {
    // Bytes that are not text (random data that happens to start like JSON, say) are called what they are.
    const binary = binaryOffset(head.text);
    if (binary >= 0) throw new DataError(reliabilityMessage.binaryInput(binary), { file, line: 1 });
    throw new DataError(formatMessage.unknownFormat(seenColumns(head), startOf(head)), { file, line: 1 });
  }
  const top = sniffed.filter((s) => s.confidence === sniffed[0].confidence);
  if (top.length > 1) throw new DataError(formatMessage.ambiguousFormat(top.map((s) => s.format.id)), { file, line: 1 });
  return sniffed[0].format;
}
