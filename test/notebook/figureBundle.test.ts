import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as zlib from "node:zlib";
import { figureBundle, figureSummary, PLOTLY_SCRIPT } from "../../src/notebook/figureBundle";
import { imageGridFigure } from "../../src/plot/imageGridFigure";
import { pointsFigure } from "../../src/plot/pointsFigure";
import { loadMnist } from "../../src/data/mnist";
import { makeMoons } from "../../src/data/moons";
import { encodeGreyPng } from "../../src/util/png";
import { tableBundle } from "../../src/notebook/showTable";

test("a figure bundle carries Plotly JSON, HTML and a text summary", () => {
  const fig = { data: [{ type: "scatter" as const, x: new Float64Array([1, 2, 3]), y: [4, 5, 6], name: "line" }], layout: { title: { text: "Test" } } };
  const bundle = figureBundle(fig);
  assert.deepEqual(Object.keys(bundle).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  const json = bundle["application/vnd.plotly.v1+json"] as { data: { x: number[] }[] };
  assert.deepEqual(json.data[0]!.x, [1, 2, 3], "typed arrays become JSON arrays");
  assert.equal(bundle["text/plain"], 'Figure "Test": 1 trace — scatter "line" (3 points)');
  assert.equal(figureSummary(fig), bundle["text/plain"]);
});

test("the HTML output loads the shared plotly.js instead of embedding it", () => {
  const html = figureBundle({ data: [{ type: "bar", x: ["a"], y: [1] }] })["text/html"] as string;
  assert.ok(html.length < 5000, `HTML is ${html.length} bytes: plotly.js must not be inlined`);
  assert.ok(html.includes(`"${PLOTLY_SCRIPT}"`) || html.includes(`/${PLOTLY_SCRIPT}`));
  assert.ok(html.includes("window.__abPlotlyLoading"), "one shared loading promise per page");
  assert.ok(!/<\/script>[\s\S]*<\/script>[\s\S]*<\/script>/.test(html), "one script element");
});

test("a script-closing string inside figure data cannot break out of the script element", () => {
  const html = figureBundle({ data: [{ type: "scatter", x: [1], y: [1], name: "</script><b>x" }] })["text/html"] as string;
  assert.equal(html.match(/<\/script>/g)!.length, 1);
});

test("the PNG encoder writes a valid greyscale image", () => {
  const png = encodeGreyPng(new Uint8Array([0, 128, 255, 7, 8, 9]), 3, 2);
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  const idatLength = png.readUInt32BE(33);
  assert.equal(png.subarray(37, 41).toString(), "IDAT");
  const raw = zlib.inflateSync(png.subarray(41, 41 + idatLength));
  assert.deepEqual(Array.from(raw), [0, 0, 128, 255, 0, 7, 8, 9]);
  assert.throws(() => encodeGreyPng(new Uint8Array(5), 3, 2), /expected 3x2 = 6 pixels, got 5/);
});

test("a 4x10 MNIST digit grid stays small enough for committed notebooks", () => {
  const bundle = figureBundle(imageGridFigure(loadMnist({ split: "test", limit: 40 })));
  const size = JSON.stringify(bundle).length;
  // Committed notebooks must stay under 1 MB; a grid figure (JSON + HTML) should cost < 100 kB.
  assert.ok(size < 100_000, `bundle is ${size} bytes`);
  assert.throws(() => imageGridFigure(loadMnist({ split: "test", limit: 5 }), { indices: [7] }), /index 7 is outside \[0, 4\]/);
});

test("the points figure has one trace per class with all points", () => {
  const fig = pointsFigure(makeMoons({ count: 50, seed: 1 }));
  assert.equal(fig.data.length, 2);
  const total = fig.data.reduce((s, t) => s + ((t as { x: number[] }).x.length), 0);
  assert.equal(total, 50);
});

test("tables render records and danfojs-like frames with aligned text", () => {
  const b = tableBundle([{ name: "a", value: 1.23456 }, { name: "bb", value: 20 }], { caption: "T" });
  assert.equal(b["text/plain"], "T\nname  value\n----  -----\na     1.235\nbb    20");
  assert.match(b["text/html"] as string, /<caption>T<\/caption>/);
  const frame = tableBundle({ columns: ["x"], values: [[1e-5]], index: [0] });
  assert.match(frame["text/plain"] as string, /1\.000e-5/);
});
