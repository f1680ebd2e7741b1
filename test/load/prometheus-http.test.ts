/**
 * The HTTP side of the Prometheus source against a loopback server of this test that checks what
 * chp sends and answers as a Prometheus server would (the answers are the real ones in
 * ../shared/data/real/formats/prometheus): credentials from the environment's variables, a path
 * prefix kept, a server that does not answer in time, an HTTP error without a JSON body.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DataError } from "../../src/errors.js";
import { loadPrometheus } from "../../src/load/sources/prometheus.js";
import { prometheusMessage as pm } from "../../src/messages.js";
import { realData } from "../helpers/real.js";

const dir = join(realData, "formats/prometheus");
const answers: Record<string, string> = {
  rate: readFileSync(join(dir, "local_sum_rate.query_range.json"), "utf8"),
  mean: readFileSync(join(dir, "local_mean_latency.query_range.json"), "utf8"),
};
const seen: { path: string; auth: string | undefined; form: URLSearchParams }[] = [];
let server: http.Server;
let base = "";

before(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (b) => (body += b));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      seen.push({ path: req.url ?? "", auth: req.headers.authorization, form });
      if (req.url?.startsWith("/slow/")) return; // never answers: the timeout's case
      if (!req.url?.startsWith("/prefix/api/v1/query_range")) {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html>bad gateway</html>");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(form.get("query") === "rate" ? answers.rate : answers.mean);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// The real answers' range: 1796591441 .. 1796591726 at 5 s.
const range = { start: "1796591441", end: "1796591726", step: 5 };

test("a bearer token, or a user and password, go in the Authorization header; a path prefix is kept; the form holds query, range and step", async () => {
  seen.length = 0;
  const input = await loadPrometheus({ url: `${base}/prefix/`, throughput: "rate", response: "mean", ...range, auth: { token: "t0k" } });
  assert.equal(input.series.rows, 58);
  assert.deepEqual(
    seen.map((s) => [s.path, s.auth, s.form.get("start"), s.form.get("end"), s.form.get("step")]),
    [
      ["/prefix/api/v1/query_range", "Bearer t0k", "1796591440", "1796591725", "5"],
      ["/prefix/api/v1/query_range", "Bearer t0k", "1796591440", "1796591725", "5"],
    ],
  );
  seen.length = 0;
  await loadPrometheus({ url: `${base}/prefix`, throughput: "rate", response: "mean", ...range, auth: { user: "ann", password: "s:cret" } });
  assert.equal(seen[0].auth, `Basic ${Buffer.from("ann:s:cret").toString("base64")}`);
});

test("no answer within --timeout; an HTTP error without a JSON body: one line each", async () => {
  await assert.rejects(
    loadPrometheus({ url: `${base}/slow`, throughput: "rate", response: "mean", ...range, timeout: 0.5 }),
    (e: Error) => e instanceof DataError && e.message === pm.timeout(`${base}/slow`, 0.5),
  );
  await assert.rejects(
    loadPrometheus({ url: base, throughput: "rate", response: "mean", ...range }),
    (e: Error) => e instanceof DataError && e.message === pm.httpStatus(`${base}/api/v1/query_range`, 502, "Bad Gateway", "<html>bad gateway</html>"),
  );
});
