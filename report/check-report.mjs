// Opens a critmin report in headless Chromium (Debian's, through playwright-core), checks that
// every chart rendered with data and that the page logged no error and made no network
// request, and saves a screenshot. Usage: node check-report.mjs REPORT.html SCREENSHOT.png
import { chromium } from "playwright-core";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, shot] = process.argv.slice(2);
if (!report || !shot) {
  console.error("usage: node check-report.mjs REPORT.html SCREENSHOT.png");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push("console error: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push("network request: " + r.url()); });
  await page.goto(pathToFileURL(resolve(report)).href);
  await page.waitForFunction(() => window.CRITMIN_READY === true, null, { timeout: 30000 });
  const charts = await page.evaluate(() => window.CRITMIN_CHARTS.map((c) => {
    const o = c.getOption();
    const dom = c.getDom();
    const series = (o.series || []).map((s) => (s.data || s.links || []).length);
    return { id: dom.id || dom.dataset.chart, width: dom.clientWidth, height: dom.clientHeight,
             canvas: dom.querySelector("canvas") !== null, series };
  }));
  if (charts.length < 2) problems.push(`only ${charts.length} charts`);
  for (const c of charts) {
    if (!c.canvas || c.width < 100 || c.height < 100) problems.push(`chart ${c.id} did not render`);
    if (!c.series.length || c.series.some((n) => n === 0)) problems.push(`chart ${c.id} has an empty series`);
  }
  // The stage selector redraws the map.
  await page.selectOption("#stage-select", { index: 1 });
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`${charts.length} charts rendered: ` + charts.map((c) => `${c.id}(${c.series.join("+")})`).join(", "));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
