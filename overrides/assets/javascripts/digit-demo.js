// "Draw a digit": the tutorial's CNN (snippets/expanded_cnn.py), trained when
// the site was built, running in the reader's browser. A plain forward pass of
// that one architecture (conv 3x3x32, max-pool, conv 3x3x64, max-pool, dense 64,
// dense 10 + softmax): ~2.5 M multiply-adds, a few milliseconds, no library.
// Weights: demo/weights.bin (float16), described by demo/model.json, both
// exported from the build's cached run by sitebuild/reader/digit_demo.py.

const SIZE = 28;

function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x03ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

export async function loadModel(url) {
  const manifest = await (await fetch(url)).json();
  const raw = new DataView(await (await fetch(new URL("weights.bin", url))).arrayBuffer());
  const tensors = {};
  for (const t of manifest.tensors) {
    const values = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) values[i] = halfToFloat(raw.getUint16(2 * (t.offset + i), true));
    (tensors[t.layer] ||= {})[t.role] = { values, shape: t.shape };
  }
  return { manifest, layers: manifest.tensors.filter((t) => t.role === "kernel").map((t) => tensors[t.layer]) };
}

// x: [h][w][c] flattened; kernel (3, 3, cin, cout) as Keras stores it; "valid" padding, ReLU.
function conv3x3Relu(x, h, w, cin, { kernel, bias }) {
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
  return [out, oh, ow, cout];
}

function maxPool2(x, h, w, c) {
  const oh = Math.floor(h / 2), ow = Math.floor(w / 2), out = new Float32Array(oh * ow * c);
  for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let ch = 0; ch < c; ch++) {
    let m = -Infinity;
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++)
      m = Math.max(m, x[((2 * y + dy) * w + (2 * xx + dx)) * c + ch]);
    out[(y * ow + xx) * c + ch] = m;
  }
  return [out, oh, ow, c];
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

// pixels: 784 values in [0, 1], white digit on black as in MNIST. Returns 10 probabilities.
export function predict(model, pixels) {
  const [c1, c2, d1, d2] = model.layers;
  let [x, h, w, c] = conv3x3Relu(Float32Array.from(pixels), SIZE, SIZE, 1, c1);
  [x, h, w, c] = maxPool2(x, h, w, c);
  [x, h, w, c] = conv3x3Relu(x, h, w, c, c2);
  [x, h, w, c] = maxPool2(x, h, w, c);
  const logits = dense(dense(x, d1, true), d2, false);  // Dropout is inactive at inference
  const top = Math.max(...logits), e = logits.map((z) => Math.exp(z - top)), sum = e.reduce((a, b) => a + b);
  return Array.from(e, (v) => v / sum);
}

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

export async function init(root) {
  const model = await loadModel(new URL(root.dataset.model, document.baseURI));
  const samples = new Uint8Array(await (await fetch(new URL(root.dataset.samples, document.baseURI))).arrayBuffer());
  const count = model.manifest.sample_digits;
  const pad = root.querySelector("canvas"), ctx = pad.getContext("2d", { willReadFrequently: true });
  const result = root.querySelector(".digit-demo__result"), bars = root.querySelectorAll(".digit-demo__bars li");
  const text = root.dataset;
  let drawing = false, pending = false, nextSample = 0;

  function show(probabilities, trueLabel) {
    if (!probabilities) { result.textContent = text.empty; bars.forEach((li) => li.style.setProperty("--p", 0)); return; }
    const best = probabilities.indexOf(Math.max(...probabilities));
    bars.forEach((li, digit) => {
      li.style.setProperty("--p", probabilities[digit]);
      li.classList.toggle("is-best", digit === best);
      li.querySelector(".digit-demo__value").textContent = (100 * probabilities[digit]).toFixed(1) + "%";
    });
    result.dataset.prediction = best;
    result.textContent = text.prediction.replace("{digit}", best).replace("{p}", (100 * probabilities[best]).toFixed(1))
      + (trueLabel === undefined ? "" : " " + text.trueLabel.replace("{digit}", trueLabel));
  }
  function predictDrawing() {
    pending = false;
    const image = ctx.getImageData(0, 0, pad.width, pad.height).data, alpha = new Float32Array(pad.width * pad.height);
    for (let i = 0; i < alpha.length; i++) alpha[i] = image[4 * i + 3] / 255;
    const pixels = preprocess(alpha, pad.width, pad.height);
    show(pixels && predict(model, pixels));
  }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(predictDrawing); } }
  function point(event) {
    const r = pad.getBoundingClientRect();
    return [(event.clientX - r.left) * pad.width / r.width, (event.clientY - r.top) * pad.height / r.height];
  }
  function clear() { ctx.clearRect(0, 0, pad.width, pad.height); show(null); }

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
    const index = nextSample++ % count, offset = index * SIZE * SIZE;
    const pixels = Float32Array.from(samples.subarray(offset, offset + SIZE * SIZE), (v) => v / 255);
    const cell = pad.width / SIZE;
    ctx.clearRect(0, 0, pad.width, pad.height);
    for (let i = 0; i < pixels.length; i++) if (pixels[i] > 0) {
      ctx.fillStyle = `rgba(0, 0, 0, ${pixels[i]})`;
      ctx.fillRect((i % SIZE) * cell, Math.floor(i / SIZE) * cell, cell, cell);
    }
    pad.dataset.sample = index;
    show(predict(model, pixels), samples[count * SIZE * SIZE + index]);  // the image itself, no re-preprocessing
  });
  window.digitDemo = { predict: (pixels) => predict(model, pixels), preprocess, manifest: model.manifest };
  root.dataset.state = "ready";
  show(null);
}
