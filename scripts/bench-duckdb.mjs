// The DuckDB peer of the benchmark: per-interval count, mean and exact quantiles
// (quantile_cont, DuckDB's interpolated quantile, R type 7) of the successful requests of a
// JMeter JTL, read from the CSV or from a Parquet copy — what `chp summary FILE --interval 1s`
// reports. Usage: node scripts/bench-duckdb.mjs FILE.jtl|FILE.parquet [--to-parquet OUT]
import { DuckDBInstance } from "@duckdb/node-api";

const [file, flag, out] = process.argv.slice(2);
const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
const source = file.endsWith(".parquet") ? `read_parquet('${file}')` : `read_csv('${file}', header = true)`;
if (flag === "--to-parquet") {
  await db.run(`COPY (SELECT timeStamp, elapsed, success FROM ${source}) TO '${out}' (FORMAT parquet)`);
} else {
  const result = await db.runAndReadAll(`
    SELECT floor(timeStamp / 1000) AS second, count(*) AS count, avg(elapsed) AS mean, max(elapsed) AS max,
           quantile_cont(elapsed, [0.5, 0.9, 0.99, 0.999]) AS q
    FROM ${source} WHERE success GROUP BY second ORDER BY second`);
  const rows = result.getRows();
  const total = rows.reduce((s, r) => s + Number(r[1]), 0);
  console.log(`${rows.length} intervals, ${total} successful requests`);
}
