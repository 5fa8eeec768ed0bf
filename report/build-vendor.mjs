// Bundles the charting libraries and the world map into one script that `critmin report`
// inlines in its HTML, so the report opens offline with no network request.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const mod = (p) => readFileSync(join(here, "node_modules", p), "utf8");
const parts = [
  "/* ECharts 5 (Apache-2.0) */\n" + mod("echarts/dist/echarts.min.js"),
  "/* topojson-client 3 (ISC) */\n" + mod("topojson-client/dist/topojson-client.min.js"),
  "/* world-atlas 2, Natural Earth 1:110m countries (public domain) */\nwindow.CRITMIN_WORLD = " +
    mod("world-atlas/countries-110m.json") + ";",
];
mkdirSync(join(here, "dist"), { recursive: true });
writeFileSync(join(here, "dist", "vendor.js"), parts.join("\n;\n"));
console.log("report/dist/vendor.js written");
