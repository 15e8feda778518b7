// "Draw a digit": the tutorial's CNN (snippets/expanded_cnn.py), trained when
// the site was built, running in the reader's browser. A plain forward pass of
// that one architecture (conv 3x3x32, max-pool, conv 3x3x64, max-pool, dense 64,
// dense 10 + softmax): ~2.5 M multiply-adds, a few milliseconds, no library.
// Weights: demo/weights.bin (float16), described by demo/model.json, both
// exported from the build's cached run by sitebuild/reader/digit_demo.py.
// The inside view draws every layer of the very forward pass that gives the
// prediction; the build runs this same module under Node for the printed page.

const SIZE = 28;

function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x03ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

// manifest: demo/model.json; buffer: the bytes of demo/weights.bin.
export function modelFrom(manifest, buffer) {
  const raw = new DataView(buffer), tensors = {};
  for (const t of manifest.tensors) {
    const values = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) values[i] = halfToFloat(raw.getUint16(2 * (t.offset + i), true));
    (tensors[t.layer] ||= {})[t.role] = { values, shape: t.shape };
  }
  return { manifest, layers: manifest.tensors.filter((t) => t.role === "kernel").map((t) => tensors[t.layer]) };
}

export async function loadModel(url) {
  const manifest = await (await fetch(url)).json();
  return modelFrom(manifest, await (await fetch(new URL("weights.bin", url))).arrayBuffer());
}

// A layer's output: values[(y * w + x) * c + channel], as Keras lays out (h, w, c).
const tensor = (values, h, w, c) => ({ values, h, w, c });

// kernel (3, 3, cin, cout) as Keras stores it; "valid" padding, ReLU.
function conv3x3Relu({ values: x, h, w, c: cin }, { kernel, bias }) {
  const cout = kernel.shape[3], oh = h - 2, ow = w - 2, k = kernel.values, out = new Float32Array(oh * ow * cout);
  for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) {
    const o = (y * ow + xx) * cout;
    for (let co = 0; co < cout; co++) out[o + co] = bias.values[co];
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let ci = 0; ci < cin; ci++) {
      const v = x[((y + ky) * w + (xx + kx)) * cin + ci];
      if (v === 0) continue;
      const kb = ((ky * 3 + kx) * cin + ci) * cout;
      for (let co = 0; co < cout; co++) out[o + co] += v * k[kb + co];
    }
    for (let co = 0; co < cout; co++) if (out[o + co] < 0) out[o + co] = 0;
  }
  return tensor(out, oh, ow, cout);
}

function maxPool2({ values: x, h, w, c }) {
  const oh = Math.floor(h / 2), ow = Math.floor(w / 2), out = new Float32Array(oh * ow * c);
  for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let ch = 0; ch < c; ch++) {
    let m = -Infinity;
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++)
      m = Math.max(m, x[((2 * y + dy) * w + (2 * xx + dx)) * c + ch]);
    out[(y * ow + xx) * c + ch] = m;
  }
  return tensor(out, oh, ow, c);
}

function dense(x, { kernel, bias }, relu) {
  const [nin, nout] = kernel.shape, out = Float32Array.from(bias.values);
  for (let i = 0; i < nin; i++) {
    const v = x[i];
    if (v === 0) continue;
    for (let o = 0; o < nout; o++) out[o] += v * kernel.values[i * nout + o];
  }
  if (relu) for (let o = 0; o < nout; o++) if (out[o] < 0) out[o] = 0;
  return out;
}

// pixels: 784 values in [0, 1], white digit on black as in MNIST. Every layer's output, in
// forward order, ending with the 10 probabilities. Flatten reads pool2's values in the order
// they are stored, as Keras does; Dropout is inactive at inference, so it is not here.
export function forward(model, pixels) {
  const [c1, c2, d1, d2] = model.layers;
  const input = tensor(Float32Array.from(pixels), SIZE, SIZE, 1);
  const conv1 = conv3x3Relu(input, c1), pool1 = maxPool2(conv1);
  const conv2 = conv3x3Relu(pool1, c2), pool2 = maxPool2(conv2);
  const dense1 = dense(pool2.values, d1, true), logits = dense(dense1, d2, false);
  const top = Math.max(...logits), e = logits.map((z) => Math.exp(z - top)), sum = e.reduce((a, b) => a + b);
  const probabilities = e.map((v) => v / sum);
  return { input, conv1, pool1, conv2, pool2, dense: tensor(dense1, 1, 1, dense1.length),
           output: tensor(probabilities, 1, 1, probabilities.length) };
}

export const predict = (model, pixels) => Array.from(forward(model, pixels).output.values);

// A drawing, made the way MNIST digits were: fit the stroke's bounding box into
// 20x20 (keeping its aspect ratio, grey levels by area averaging), then place it
// in 28x28 so that its centre of mass is at the centre.
export function preprocess(alpha, width, height) {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (alpha[y * width + x] > 0.05) {
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1, scale = 20 / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
  const sum = new Float32Array(tw * th), count = new Float32Array(tw * th);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
    const i = Math.min(th - 1, Math.floor((y - y0) * scale)) * tw + Math.min(tw - 1, Math.floor((x - x0) * scale));
    sum[i] += alpha[y * width + x]; count[i] += 1;
  }
  let mass = 0, mx = 0, my = 0;
  const box = new Float32Array(tw * th);
  for (let i = 0; i < box.length; i++) {
    box[i] = count[i] ? sum[i] / count[i] : 0;
    mass += box[i]; mx += box[i] * (i % tw); my += box[i] * Math.floor(i / tw);
  }
  const left = Math.round(13.5 - mx / mass), top = Math.round(13.5 - my / mass);
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    const ty = y + top, tx = x + left;
    if (ty >= 0 && ty < SIZE && tx >= 0 && tx < SIZE) out[ty * SIZE + tx] = Math.min(1, box[y * tw + x]);
  }
  return out;
}

// How each layer is laid out as a grid of maps in one canvas: columns, gap between maps (px),
// and the CSS scale (maps of every layer end up about the same size on screen).
const GRIDS = { input: [1, 0, 4], conv1: [8, 2, 1.5], pool1: [8, 1, 3], conv2: [8, 1, 3], pool2: [8, 1, 4],
                output: [10, 0, 24] };

// A colour scale as a 256-entry lookup table between CSS colours (the stylesheet sets them per scheme).
function ramp(root, ...names) {
  const probe = document.createElement("canvas").getContext("2d");
  const stops = names.map((n) => {
    probe.fillStyle = getComputedStyle(root).getPropertyValue(n).trim() || "#888";
    probe.fillRect(0, 0, 1, 1);
    return probe.getImageData(0, 0, 1, 1).data;
  });
  const table = new Uint8ClampedArray(256 * 4), last = stops.length - 1;
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * last, s = Math.min(last - 1, Math.floor(t)), f = t - s;
    for (let j = 0; j < 3; j++) table[4 * i + j] = stops[s][j] + (stops[s + 1][j] - stops[s][j]) * f;
    table[4 * i + 3] = 255;
  }
  return table;
}

const format = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => values[k]);
const number = (v) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

// The inside view: one grid of maps per layer, a legend per layer, and a detail panel for the
// map under the pointer or keyboard focus (its index and kernel).
function insideView(root, model, words) {
  const [c1, c2, , d2] = model.layers;
  const blocks = {}, detail = root.querySelector(".digit-demo__detail");
  const detailText = detail.querySelector("p"), kernelCanvas = detail.querySelector("canvas");
  const kernelTable = detail.querySelector("table"), kernelLegend = detail.querySelector(".digit-demo__legend");
  let colours, diverging, layers = null, selected = null;

  for (const section of root.querySelectorAll(".digit-demo__layer[data-layer]")) {
    const key = section.dataset.layer, canvas = section.querySelector("canvas");
    const block = { key, section, canvas, name: section.querySelector(".digit-demo__layer-name").textContent,
                    max: section.querySelector("[data-max]"), mark: section.querySelector(".digit-demo__mark"),
                    index: 0 };
    blocks[key] = block;
    if (!canvas) continue;
    canvas.addEventListener("pointermove", (event) => choose(block, cellAt(block, event)));
    canvas.addEventListener("pointerdown", (event) => choose(block, cellAt(block, event)));
    canvas.addEventListener("focus", () => choose(block, block.index));
    canvas.addEventListener("keydown", (event) => {
      const [cols] = GRIDS[key], n = block.count, step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols,
                                                           ArrowUp: -cols, Home: -n, End: n }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      choose(block, Math.max(0, Math.min(n - 1, block.index + step)));
    });
  }

  function layout(block, t) {  // size the canvas for tensor t (once: the shapes never change)
    if (block.count) return;
    const [cols, gap, scale] = GRIDS[block.key], rows = Math.ceil(t.c / cols);
    Object.assign(block, { count: t.c, cols, gap, rows, mw: t.w, mh: t.h });
    block.canvas.width = cols * t.w + (cols - 1) * gap;
    block.canvas.height = rows * t.h + (rows - 1) * gap;
    block.canvas.style.width = block.canvas.width * scale + "px";
  }
  function cellAt(block, event) {
    if (!block.count) return 0;
    const r = block.canvas.getBoundingClientRect();
    const x = ((event.clientX - r.left) / r.width) * block.canvas.width;
    const y = ((event.clientY - r.top) / r.height) * block.canvas.height;
    const col = Math.min(block.cols - 1, Math.floor(x / (block.mw + block.gap)));
    const row = Math.min(block.rows - 1, Math.floor(y / (block.mh + block.gap)));
    return Math.min(block.count - 1, row * block.cols + col);
  }
  // One colour scale per layer: 0 to the layer's largest value for this input (all ReLU outputs are >= 0).
  function drawGrid(block, t) {
    layout(block, t);
    const { canvas, cols, gap } = block, ctx = canvas.getContext("2d");
    const image = ctx.createImageData(canvas.width, canvas.height), px = image.data;
    let max = 0;
    for (let i = 0; i < t.values.length; i++) if (t.values[i] > max) max = t.values[i];
    const scale = max > 0 ? 255 / max : 0;
    for (let ch = 0; ch < t.c; ch++) {
      const x0 = (ch % cols) * (t.w + gap), y0 = Math.floor(ch / cols) * (t.h + gap);
      for (let y = 0; y < t.h; y++) for (let x = 0; x < t.w; x++) {
        const v = t.values[(y * t.w + x) * t.c + ch], lut = 4 * ((v * scale) | 0), p = 4 * ((y0 + y) * canvas.width + x0 + x);
        px[p] = colours[lut]; px[p + 1] = colours[lut + 1]; px[p + 2] = colours[lut + 2]; px[p + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    block.max.textContent = number(max);
  }
  function drawDense(block, values) {
    const strongest = Array.from(values.keys()).sort((a, b) => values[b] - values[a]).slice(0, Number(block.section.dataset.shown));
    const max = values[strongest[0]] || 1, nout = d2.kernel.shape[1];
    block.section.querySelector("ol").replaceChildren(...strongest.map((unit) => {
      let favours = 0;  // the digit this unit's outgoing weights raise most
      for (let d = 1; d < nout; d++) if (d2.kernel.values[unit * nout + d] > d2.kernel.values[unit * nout + favours]) favours = d;
      const li = document.createElement("li");
      li.innerHTML = "<span></span><span class=digit-demo__bar></span><span></span><span></span>";
      li.children[0].textContent = format(words.unit, { i: unit });
      li.children[1].style.setProperty("--p", values[unit] / max);
      li.children[2].textContent = number(values[unit]);
      li.children[3].textContent = format(words.favours, { d: favours });
      return li;
    }));
  }
  function draw(result) {
    layers = result;
    for (const block of Object.values(blocks)) {
      if (block.key === "dense") { if (result) drawDense(block, result.dense.values); else block.section.querySelector("ol").replaceChildren(); continue; }
      if (result) drawGrid(block, result[block.key]);
      else if (block.count) { block.canvas.getContext("2d").clearRect(0, 0, block.canvas.width, block.canvas.height); block.max.textContent = "–"; }
    }
    if (selected) choose(selected, selected.index, true);
    else { detailText.textContent = words.hint; kernelCanvas.hidden = kernelTable.hidden = kernelLegend.hidden = true; }
  }
  // The map under the pointer or the keyboard: marked in its grid, described (with its kernel) below.
  function choose(block, index, quiet) {
    if (!layers || !block.count) return;
    if (selected && selected !== block) selected.mark.hidden = true;
    if (detail.parentElement !== block.section) block.section.append(detail);  // shown under the chosen layer
    selected = block; block.index = index;
    const { mark, cols, gap, mw, mh, canvas } = block, col = index % cols, row = Math.floor(index / cols);
    Object.assign(mark.style, { left: (100 * col * (mw + gap)) / canvas.width + "%", top: (100 * row * (mh + gap)) / canvas.height + "%",
                                width: (100 * mw) / canvas.width + "%", height: (100 * mh) / canvas.height + "%" });
    mark.hidden = false;
    const values = { layer: block.name, i: index, n: block.count };
    let text = format(words.map, values), kernel = null;
    if (block.key === "conv1" || block.key === "conv2") {
      const { kernel: k, bias } = block.key === "conv1" ? c1 : c2, [, , cin, cout] = k.shape;
      kernel = { cin, weights: Float32Array.from({ length: 9 * cin }, (_, j) => k.values[j * cout + index]) };
      text += " " + format(words[block.key === "conv1" ? "kernel1" : "kernel2"], { c: cin, b: number(bias.values[index]) });
    } else if (block.key === "pool1" || block.key === "pool2") {
      text += " " + format(words[block.key === "pool1" ? "pooled1" : "pooled2"], { i: index });
    } else if (block.key === "output") {
      text = format(words.digit, { d: index, p: (100 * layers.output.values[index]).toFixed(1) });
    } else if (block.key === "input") {
      text = words.input_detail;
    }
    if (!quiet || detailText.textContent !== text) detailText.textContent = text;
    drawKernel(kernel);
  }
  // A kernel's weights on a diverging scale (negative, 0, positive) from -m to +m.
  function drawKernel(kernel) {
    kernelCanvas.hidden = kernelTable.hidden = kernelLegend.hidden = !kernel;
    if (!kernel) return;
    const { cin, weights } = kernel, cols = Math.min(cin, 8), rows = Math.ceil(cin / cols), gap = cin > 1 ? 1 : 0;
    kernelCanvas.width = cols * 3 + (cols - 1) * gap; kernelCanvas.height = rows * 3 + (rows - 1) * gap;
    kernelCanvas.style.width = kernelCanvas.width * (cin > 1 ? 4 : 20) + "px";
    const ctx = kernelCanvas.getContext("2d"), image = ctx.createImageData(kernelCanvas.width, kernelCanvas.height);
    const m = Math.max(...weights.map(Math.abs)) || 1;
    for (let ci = 0; ci < cin; ci++) for (let j = 0; j < 9; j++) {
      const x = (ci % cols) * (3 + gap) + (j % 3), y = Math.floor(ci / cols) * (3 + gap) + Math.floor(j / 3);
      const lut = 4 * Math.round(127.5 + (127.5 * weights[j * cin + ci]) / m), p = 4 * (y * kernelCanvas.width + x);
      image.data.set(diverging.subarray(lut, lut + 4), p);
    }
    ctx.putImageData(image, 0, 0);
    kernelLegend.querySelector("[data-min]").textContent = number(-m);
    kernelLegend.querySelector("[data-max]").textContent = number(m);
    kernelTable.hidden = cin !== 1;  // the nine numbers of a first-layer kernel
    if (cin === 1) kernelTable.querySelectorAll("td").forEach((td, j) => { td.textContent = weights[j].toFixed(2); });
  }
  function recolour() {
    colours = ramp(root, "--digit-demo-low", "--digit-demo-high");
    diverging = ramp(root, "--digit-demo-negative", "--digit-demo-low", "--digit-demo-positive");
    draw(layers);
  }
  recolour();
  // The reader may switch the colour scheme with the page open: redraw in its colours.
  new MutationObserver(recolour).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  return { draw };
}

export async function init(root) {
  const model = await loadModel(new URL(root.dataset.model, document.baseURI));
  const samples = new Uint8Array(await (await fetch(new URL(root.dataset.samples, document.baseURI))).arrayBuffer());
  const count = model.manifest.sample_digits;
  const pad = root.querySelector("canvas"), ctx = pad.getContext("2d", { willReadFrequently: true });
  const result = root.querySelector(".digit-demo__result"), bars = root.querySelectorAll(".digit-demo__bars li");
  const text = root.dataset, inside = insideView(root, model, JSON.parse(text.inside));
  let drawing = false, pending = false, nextSample = 0;

  function show(probabilities, trueLabel) {
    const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    bars.forEach((li, digit) => {
      li.style.setProperty("--p", probabilities ? probabilities[digit] : 0);
      li.classList.toggle("is-best", digit === best);
      li.querySelector(".digit-demo__value").textContent = probabilities ? (100 * probabilities[digit]).toFixed(1) + "%" : "–";
    });
    if (!probabilities) { result.textContent = text.empty; delete result.dataset.prediction; return; }
    result.dataset.prediction = best;
    result.textContent = text.prediction.replace("{digit}", best).replace("{p}", (100 * probabilities[best]).toFixed(1))
      + (trueLabel === undefined ? "" : " " + text.trueLabel.replace("{digit}", trueLabel));
  }
  // One forward pass gives both the inside view and the prediction.
  function update(pixels, trueLabel) {
    const layers = pixels && forward(model, pixels);
    inside.draw(layers);
    show(layers && Array.from(layers.output.values), trueLabel);
  }
  function predictDrawing() {
    pending = false;
    const image = ctx.getImageData(0, 0, pad.width, pad.height).data, alpha = new Float32Array(pad.width * pad.height);
    for (let i = 0; i < alpha.length; i++) alpha[i] = image[4 * i + 3] / 255;
    update(preprocess(alpha, pad.width, pad.height));
  }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(predictDrawing); } }
  function point(event) {
    const r = pad.getBoundingClientRect();
    return [(event.clientX - r.left) * pad.width / r.width, (event.clientY - r.top) * pad.height / r.height];
  }
  function clear() { ctx.clearRect(0, 0, pad.width, pad.height); update(null); }
  function testDigit(index) {
    const offset = index * SIZE * SIZE;
    return Float32Array.from(samples.subarray(offset, offset + SIZE * SIZE), (v) => v / 255);
  }

  ctx.lineCap = ctx.lineJoin = "round";
  ctx.lineWidth = pad.width / 12;
  ctx.strokeStyle = "#000";
  pad.addEventListener("pointerdown", (event) => {
    if (pad.dataset.sample) clear(), delete pad.dataset.sample;
    drawing = true;
    pad.setPointerCapture(event.pointerId);
    const [x, y] = point(event);
    ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 0.01, y); ctx.stroke();
    schedule();
  });
  pad.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const [x, y] = point(event);
    ctx.lineTo(x, y); ctx.stroke();
    schedule();
  });
  for (const type of ["pointerup", "pointercancel"]) pad.addEventListener(type, () => { drawing = false; schedule(); });
  root.querySelector("[data-action=clear]").addEventListener("click", clear);
  root.querySelector("[data-action=sample]").addEventListener("click", () => {
    const index = nextSample++ % count, pixels = testDigit(index), cell = pad.width / SIZE;
    ctx.clearRect(0, 0, pad.width, pad.height);
    for (let i = 0; i < pixels.length; i++) if (pixels[i] > 0) {
      ctx.fillStyle = `rgba(0, 0, 0, ${pixels[i]})`;
      ctx.fillRect((i % SIZE) * cell, Math.floor(i / SIZE) * cell, cell, cell);
    }
    pad.dataset.sample = index;
    update(pixels, samples[count * SIZE * SIZE + index]);  // the image itself, no re-preprocessing
  });
  // For the tests and the benchmark: the page's own functions, on its own model.
  window.digitDemo = { predict: (pixels) => predict(model, pixels), forward: (pixels) => forward(model, pixels),
                       update, testDigit, preprocess, manifest: model.manifest };
  // The inside view appears now. If the demo starts above the screen (a link landed below it,
  // and the demo loads 300 px before it comes into view), keep what the reader sees in place.
  const before = root.getBoundingClientRect();
  root.dataset.state = "ready";
  update(null);
  if (before.top < 0) window.scrollBy(0, root.getBoundingClientRect().bottom - before.bottom);
}
