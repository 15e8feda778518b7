// The page's own forward pass (overrides/assets/javascripts/digit-demo.js), run by the build
// under Node for the printed inside view: stdin {script, manifest, weights (base64), pixels},
// stdout every layer's output as {name: {values, h, w, c}}.
import { readFileSync } from "node:fs";

const job = JSON.parse(readFileSync(0, "utf8"));
const source = readFileSync(job.script, "utf8");
const demo = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
const bytes = Buffer.from(job.weights, "base64");
const model = demo.modelFrom(job.manifest, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
const layers = demo.forward(model, job.pixels);
const out = {};
for (const [name, t] of Object.entries(layers)) out[name] = { ...t, values: Array.from(t.values) };
process.stdout.write(JSON.stringify(out));
