// The HTML report: one self-contained page (inline style and script, no network), with the matrix (differences by
// cause) and its filter box, coverage per feature tag, unsupported features and the counterexamples.
import { describeExpectation } from "../verify/expectations.ts";
import { causeStatus, featureStatus, goldenText, shrinkText } from "./markdown.ts";
import type { CauseRow, Counterexample, FeatureRow, Report } from "../engine/report-model.ts";
import { differenceText, totalsLine } from "../engine/verdict-text.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const anchor = (tag: string) => `cx-${tag.replace(/[^A-Za-z0-9_-]/g, "_")}`;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dee4;padding-bottom:4px}
.meta{color:#57606a}.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.ok{background:#1a7f37}.bad{background:#cf222e}
.totals{display:flex;gap:10px;margin:14px 0;flex-wrap:wrap}.totals div{border:1px solid #d8dee4;border-radius:8px;padding:8px 14px;min-width:90px}
.totals b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:left}
th{background:#f6f8fa;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.s-FAIL td.v{color:#cf222e;font-weight:600}tr.s-pass td.v{color:#1a7f37}tr.s-expected td.v{color:#9a6700}tr.s-unsupported td.v{color:#57606a}
.bar{display:flex;height:8px;width:140px;border-radius:4px;overflow:hidden;background:#eaeef2}
.bar i{display:block}.bp{background:#2da44e}.bf{background:#cf222e}.bx{background:#d4a72c}.bu{background:#8c959f}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:360px}
details{margin:6px 0 14px}summary{cursor:pointer}input#filter{padding:4px 8px;width:260px;margin:6px 0}
ul.rules{margin:2px 0 8px}`;

const SCRIPT = `
document.getElementById('filter').addEventListener('input',function(e){var q=e.target.value.toLowerCase();
document.querySelectorAll('#matrix tbody tr').forEach(function(tr){tr.style.display=tr.dataset.tag.indexOf(q)>=0?'':'none';});});`;

function bar(r: CauseRow): string {
  const total = r.fail + r.closer + r.xfail;
  if (total === 0) return `<div class="bar"></div>`;
  const w = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  return `<div class="bar"><i class="bf" style="width:${w(r.fail)}"></i><i class="bp" style="width:${w(r.closer)}"></i><i class="bx" style="width:${w(r.xfail)}"></i></div>`;
}

function matrixRow(r: CauseRow): string {
  const verdict = causeStatus(r);
  const cls = verdict === "FAIL" ? "FAIL" : verdict === "expected fail" ? "expected" : "pass";
  const link = r.counterexample ? ` <a href="#${anchor(r.cause)}">counterexample</a>` : "";
  return `<tr class="s-${cls}" data-tag="${esc(r.cause.toLowerCase())}"><td><code>${esc(r.cause)}</code></td><td class="n">${r.fail}</td><td class="n">${r.closer}</td><td class="n">${r.xfail}</td><td class="n">${r.cases}</td><td>${bar(r)}</td><td class="v">${esc(verdict)}${link}</td></tr>`;
}

const featureRow = (f: FeatureRow) =>
  `<tr><td><code>${esc(f.tag)}</code></td><td class="n">${f.pass}</td><td class="n">${f.fail + f.closer + f.xfail}</td><td class="n">${f.unsupported}</td><td>${esc(featureStatus(f))}</td></tr>`;

function counterexample(c: Counterexample): string {
  const parts = [
    `<h3 id="${anchor(c.label)}"><code>${esc(c.label)}</code></h3>`,
    `<p>${esc(shrinkText(c))}.</p>`,
    `<pre>${esc(c.differences.map(differenceText).join("\n"))}</pre>`,
    `<details><summary>case</summary><pre>${esc(JSON.stringify(c.case, null, 1))}</pre></details>`,
    `<details><summary>what each side printed</summary><p>PyTorch:</p><pre>${esc(c.snippets.golden.join("\n"))}</pre><p>port:</p><pre>${esc(c.snippets.port.join("\n"))}</pre></details>`,
    `<details><summary>PyTorch script</summary><pre>${esc(c.snippets.python)}</pre></details>`,
  ];
  if (c.snippets.typescript !== undefined) parts.push(`<details><summary>port script</summary><pre>${esc(c.snippets.typescript)}</pre></details>`);
  return parts.join("\n");
}

export function htmlReport(r: Report): string {
  const s = r.settings;
  const t = r.totals;
  const profiles = s.profiles.length === 0 ? "" : `<h2>Convention profiles</h2><ul>${s.profiles.map((p) => `<li><b>${esc(p.id)}</b>: ${esc(p.summary)}<ul class="rules">${p.rules.map((x) => `<li>${esc(x)}</li>`).join("")}</ul></li>`).join("")}</ul>`;
  const unsupported = r.unsupported.length === 0 ? "" : `<h2>Unsupported by the port</h2><table><thead><tr><th>feature</th><th>cases</th><th>reason</th></tr></thead><tbody>${r.unsupported.map((u) => `<tr><td>${esc(u.feature)}</td><td class="n">${u.cases}</td><td>${esc(u.reason)}</td></tr>`).join("")}</tbody></table>`;
  const known = r.expectations.entries;
  const knownTable = known.length === 0 ? "" : `<h2>Known discrepancies (expected failures)</h2><table><thead><tr><th>#</th><th>where</th><th>why</th><th>cases</th></tr></thead><tbody>${known.map((e, i: number) => `<tr><td class="n">${i + 1}</td><td><code>${esc(describeExpectation(e.expectation))}</code></td><td>${esc(e.expectation.reason)}</td><td class="n">${e.explained}${e.counterexample ? ` <a href="#${anchor(e.counterexample.label)}">counterexample</a>` : ""}</td></tr>`).join("")}</tbody></table>`;
  const examples = [...r.matrix.flatMap((row) => (row.counterexample ? [counterexample(row.counterexample)] : [])), ...known.flatMap((e) => (e.counterexample ? [counterexample(e.counterexample)] : []))];
  const warnings = r.warnings.length === 0 ? "" : `<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`Conformance of ${r.port.name} to PyTorch`)}</title><style>${STYLE}</style></head>
<body>
<h1>Conformance of ${esc(r.port.name)} to PyTorch <span class="verdict ${r.ok ? "ok" : "bad"}">${r.ok ? "PASS" : "FAIL"}</span></h1>
<p class="meta">${esc(r.port.implementation)} against ${esc(goldenText(r))}.<br>
${esc(s.cases)}${s.features.length > 0 ? `, features ${esc(s.features.join(" and "))}` : ""}; comparison ${esc(s.compare)}${s.expectations ? `; expected failures from ${esc(s.expectations)}${s.strict ? " (strict)" : ""}` : ""}.</p>
<div class="totals">${totalsLine(t).split(", ").map((part) => { const [n, ...w] = part.split(" "); return `<div><b>${n}</b>${esc(w.join(" "))}</div>`; }).join("")}</div>
${profiles}
<h2>Conformance matrix</h2>
<p class="meta">Differences by cause (the step's operation and the field).</p>
<input id="filter" type="search" placeholder="filter causes, e.g. forward or running_var" aria-label="filter causes">
<table id="matrix"><thead><tr><th>cause</th><th class="n">unexpected</th><th class="n">closer to exact</th><th class="n">expected</th><th class="n">cases</th><th>share</th><th>verdict</th></tr></thead>
<tbody>
${r.matrix.map(matrixRow).join("\n")}
</tbody></table>
<h2>Features exercised</h2>
<table><thead><tr><th>feature</th><th class="n">pass</th><th class="n">with differences</th><th class="n">unsupported</th><th>status</th></tr></thead>
<tbody>
${r.features.map(featureRow).join("\n")}
</tbody></table>
${knownTable}
${unsupported}
${examples.length > 0 ? `<h2>Counterexamples</h2>\n${examples.join("\n")}` : ""}
${warnings}
<script>${SCRIPT}</script>
</body></html>
`;
}
