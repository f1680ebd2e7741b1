/**
 * The interactive HTML page in a real browser (Debian chromium via playwright-core), offline:
 * every network request is refused and recorded. Skipped when /usr/bin/chromium is missing
 * (install: apt-get install -y --no-install-recommends chromium).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { headroomSpec, plotColors, renderHtml } from "../../src/plot/index.js";
import { makeAnalysis } from "./fixture.js";

const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
const skip = hasChromium ? false : `${chromiumPath} is missing (apt-get install -y --no-install-recommends chromium)`;

const hostileTitle = "</script><script>alert(1)</script> & <b>bold</b>";

describe("renderHtml in chromium (offline)", { skip }, () => {
  let browser: Browser;
  let dir: string;
  let page: Page;
  let fileUrl: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const analysis = makeAnalysis({ n: 1500, seed: 7 });
    const spec = headroomSpec(analysis, { interactive: true, title: hostileTitle, xUnit: "req/s", yUnit: "ms" });
    dir = await mkdtemp(join(tmpdir(), "chp-html-"));
    const file = join(dir, "headroom.html");
    await writeFile(file, await renderHtml(spec));
    fileUrl = pathToFileURL(file).href;
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
    page.on("request", (req) => requests.push(req.url()));
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.route("**", (route) => (route.request().url() === fileUrl ? route.continue() : route.abort("blockedbyclient")));
    await page.goto(fileUrl);
    await page.waitForSelector("body[data-chp-ready]", { timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Fill colours of the scatter's points (the symbols of the scatter's first layer). */
  async function pointFills(): Promise<string[]> {
    return page.$$eval("g.scatter_layer_0_marks path", (paths) => paths.map((p) => p.getAttribute("fill") ?? ""));
  }

  test("draws the plot with no console errors and no network requests", async () => {
    assert.equal(await page.getAttribute("body", "data-chp-ready"), "true");
    const marks = await page.$$eval("#chp-plot svg path", (ps) => ps.length);
    assert.ok(marks > 1000, `expected the scatter and bars as SVG paths, found ${marks}`);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(
      requests.filter((u) => u !== fileUrl),
      [],
      "the page must not fetch anything",
    );
  });

  /**
   * Resize the window and wait for the page's redraw: its ready signal set again after the resize
   * (a MutationObserver counts each time data-chp-ready becomes "true"), polled, no fixed wait.
   */
  async function resizeAndRedraw(width: number): Promise<void> {
    await page.evaluate(`(() => {
      window.chpReadySignals = 0;
      if (window.chpReadyObserver) return;
      window.chpReadyObserver = new MutationObserver(() => {
        if (document.body.getAttribute("data-chp-ready") === "true") window.chpReadySignals++;
      });
      window.chpReadyObserver.observe(document.body, { attributes: true, attributeFilter: ["data-chp-ready"] });
    })()`);
    await page.setViewportSize({ width, height: 800 });
    await page.waitForFunction(`window.chpReadySignals > 0 || document.body.getAttribute("data-chp-ready") === "error"`, undefined, { timeout: 20_000 });
    assert.equal(await page.getAttribute("body", "data-chp-ready"), "true", "the page redrew without an error");
  }

  test("the plot fills the window's width, and follows a resize", async () => {
    const width = () => page.$eval("#chp-plot svg", (svg) => svg.getBoundingClientRect().width);
    const avail = await page.$eval("#chp-plot", (box) => box.clientWidth);
    const w = await width();
    assert.ok(Math.abs(w - avail) <= 0.03 * avail, `svg ${w} px in a ${avail} px page`);
    await resizeAndRedraw(1400);
    const avail2 = await page.$eval("#chp-plot", (box) => box.clientWidth);
    const w2 = await width();
    assert.ok(avail2 > avail + 300 && Math.abs(w2 - avail2) <= 0.03 * avail2, `svg ${w2} px in a ${avail2} px page`);
    await resizeAndRedraw(1000);
  });

  test("a hostile title stays text: no script runs, the title shows literally", async () => {
    assert.deepEqual(dialogs, []);
    assert.equal(await page.title(), hostileTitle);
    const svgText = await page.$$eval("#chp-plot svg text", (ts) => ts.map((t) => t.textContent).join("\n"));
    assert.ok(svgText.includes(hostileTitle), "the plot title is drawn as text");
    assert.equal(await page.$$eval("b", (bs) => bs.filter((b) => b.textContent === "bold").length), 0);
  });

  test("hovering a point shows a tooltip with throughput, response and time", async () => {
    const box = await page.$eval("g.scatter_layer_0_marks path", (p) => {
      const r = p.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.move(box.x, box.y);
    await page.waitForSelector("#chp-tooltip", { state: "visible", timeout: 5_000 });
    const text = (await page.textContent("#chp-tooltip")) ?? "";
    assert.match(text, /Throughput \(req\/s\): /);
    assert.match(text, /Response \(ms\): /);
    assert.match(text, /Time \(UTC\): /);
    await page.mouse.move(2, 2);
  });

  test("brushing the time panel greys the scatter points outside the brushed time range", async () => {
    const before = await pointFills();
    assert.ok(before.length > 500);
    assert.equal(before.filter((f) => f === plotColors.unselected).length, 0, "no brush: every point coloured");

    const panel = await page.$eval("g.throughputOverTime_group path.background", (p) => {
      const r = p.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    const y = panel.y + panel.height / 2;
    await page.mouse.move(panel.x + panel.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(panel.x + panel.width * 0.4, y, { steps: 5 });
    await page.mouse.move(panel.x + panel.width * 0.55, y, { steps: 5 });
    await page.mouse.up();
    // A string predicate: this project's tsconfig has no DOM lib.
    await page.waitForFunction(
      `Array.from(document.querySelectorAll("g.scatter_layer_0_marks path")).some((p) => p.getAttribute("fill") === ${JSON.stringify(plotColors.unselected)})`,
      undefined,
      { timeout: 5_000 },
    );
    const afterFills = await pointFills();
    const grey = afterFills.filter((f) => f === plotColors.unselected).length;
    const coloured = afterFills.length - grey;
    assert.equal(afterFills.length, before.length);
    // The brush covers 30 % of the time axis: roughly that share of the points stays coloured.
    assert.ok(coloured > 0.15 * afterFills.length && coloured < 0.45 * afterFills.length, `coloured ${coloured} of ${afterFills.length}`);
    assert.deepEqual(consoleErrors, []);
  });
});
