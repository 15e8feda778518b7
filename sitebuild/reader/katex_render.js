// Render formulas with KaTeX at build time: JSON [{tex, display}] on stdin,
// JSON [html] on stdout. HTML + MathML, so screen readers get the math too.
// A formula KaTeX cannot parse fails the whole call with its message.
const katex = require("katex");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = [];
  for (const { tex, display } of JSON.parse(input)) {
    try {
      out.push(katex.renderToString(tex, { displayMode: display, output: "htmlAndMathml",
                                           throwOnError: true, strict: "error" }));
    } catch (err) {
      process.stderr.write(`KaTeX cannot render ${JSON.stringify(tex)}: ${err.message}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(out));
});
