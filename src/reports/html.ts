// The HTML report of a verification: one self-contained page (inline style and script, no network), with the
// conformance matrix per feature tag, a filter box, unsupported features and the counterexamples.
import { describeExpectation } from "../verify/expectations.ts";
import type { Counterexample, MatrixRow, VerifyReport } from "../verify/model.ts";
import { rowStatus } from "./markdown.ts";

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

function bar(r: MatrixRow): string {
  const total = r.pass + r.fail + r.xfail + r.unsupported;
  if (total === 0) return `<div class="bar"></div>`;
  const w = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  return `<div class="bar"><i class="bp" style="width:${w(r.pass)}"></i><i class="bf" style="width:${w(r.fail)}"></i><i class="bx" style="width:${w(r.xfail)}"></i><i class="bu" style="width:${w(r.unsupported)}"></i></div>`;
}

function matrixRow(r: MatrixRow): string {
  const verdict = rowStatus(r);
  const cls = verdict === "FAIL" ? "FAIL" : verdict.startsWith("pass") ? "pass" : verdict === "expected fail" ? "expected" : "unsupported";
  const link = r.counterexample ? ` <a href="#${anchor(r.tag)}">counterexample</a>` : "";
  return `<tr class="s-${cls}" data-tag="${esc(r.tag.toLowerCase())}"><td><code>${esc(r.tag)}</code></td><td class="n">${r.pass}</td><td class="n">${r.fail}</td><td class="n">${r.xfail}</td><td class="n">${r.unsupported}</td><td>${bar(r)}</td><td class="v">${esc(verdict)}${link}</td></tr>`;
}

function counterexample(c: Counterexample): string {
  const d = c.difference;
  const how = c.shrinkSteps > 0 ? `shrunk in ${c.shrinkSteps} step(s)${c.shrinkInterrupted ? " (budget of tries reached)" : ""} from <code>${esc(c.firstFailure)}</code>` : `first failing case <code>${esc(c.firstFailure)}</code>`;
  const parts = [
    `<h3 id="${anchor(c.tag)}"><code>${esc(c.tag)}</code></h3>`,
    `<p>${how}. First difference at <code>${esc(d.path || "(outcome)")}</code>: ${esc(d.note)}.</p>`,
    `<table><tr><th>PyTorch</th><td><code>${esc(d.golden)}</code></td></tr><tr><th>port</th><td><code>${esc(d.port)}</code></td></tr></table>`,
    `<details><summary>case</summary><pre>${esc(JSON.stringify(c.case, null, 1))}</pre></details>`,
    `<details><summary>what each side printed</summary><p>PyTorch:</p><pre>${esc(c.snippets.golden.join("\n"))}</pre><p>port:</p><pre>${esc(c.snippets.port.join("\n"))}</pre></details>`,
    `<details><summary>PyTorch script</summary><pre>${esc(c.snippets.python)}</pre></details>`,
  ];
  if (c.snippets.typescript !== undefined) parts.push(`<details><summary>port script</summary><pre>${esc(c.snippets.typescript)}</pre></details>`);
  return parts.join("\n");
}

export function htmlReport(r: VerifyReport): string {
  const s = r.settings;
  const t = r.totals;
  const profiles = s.profiles.length === 0 ? "" : `<h2>Convention profiles</h2><ul>${s.profiles.map((p) => `<li><b>${esc(p.id)}</b>: ${esc(p.summary)}<ul class="rules">${p.rules.map((x) => `<li>${esc(x)}</li>`).join("")}</ul></li>`).join("")}</ul>`;
  const unsupported = r.unsupported.length === 0 ? "" : `<h2>Unsupported by the port</h2><table><thead><tr><th>feature</th><th>cases</th><th>reason</th></tr></thead><tbody>${r.unsupported.map((u) => `<tr><td>${esc(u.feature)}</td><td class="n">${u.cases}</td><td>${esc(u.reason)}</td></tr>`).join("")}</tbody></table>`;
  const known = r.expectations.entries;
  const knownTable = known.length === 0 ? "" : `<h2>Known discrepancies (expected failures)</h2><table><thead><tr><th>#</th><th>where</th><th>why</th><th>cases</th></tr></thead><tbody>${known.map((e, i) => `<tr><td class="n">${i + 1}</td><td><code>${esc(describeExpectation(e.expectation))}</code></td><td>${esc(e.expectation.reason)}</td><td class="n">${e.explained}${e.counterexample ? ` <a href="#${anchor(e.counterexample.tag)}">counterexample</a>` : ""}</td></tr>`).join("")}</tbody></table>`;
  const examples = [...r.matrix.flatMap((row) => (row.counterexample ? [counterexample(row.counterexample)] : [])), ...known.flatMap((e) => (e.counterexample ? [counterexample(e.counterexample)] : []))];
  const warnings = r.warnings.length === 0 ? "" : `<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`Conformance of ${r.port.name} to PyTorch`)}</title><style>${STYLE}</style></head>
<body>
<h1>Conformance of ${esc(r.port.name)} to PyTorch <span class="verdict ${r.ok ? "ok" : "bad"}">${r.ok ? "PASS" : "FAIL"}</span></h1>
<p class="meta">${esc(r.port.implementation)} against PyTorch ${esc(r.oracle.torch ?? "?")} (CPU capability ${esc(r.oracle.cpuCapability ?? "?")}, ${r.oracle.threads ?? "?"} thread(s)).<br>
${s.runs} cases, seed ${s.seed}${s.features.length > 0 ? `, features ${esc(s.features.join(" and "))}` : ""}; comparison ${esc(s.compare)}${s.expectations ? `; expected failures from ${esc(s.expectations)}${s.strict ? " (strict)" : ""}` : ""}.</p>
<div class="totals"><div><b>${t.pass}</b>passed</div><div><b>${t.fail}</b>failed</div><div><b>${t.xfail}</b>expected failures</div><div><b>${t.unsupported}</b>unsupported</div>${t["no-golden"] > 0 ? `<div><b>${t["no-golden"]}</b>no PyTorch answer</div>` : ""}</div>
${profiles}
<h2>Conformance matrix</h2>
<input id="filter" type="search" placeholder="filter features, e.g. bn. or dropout" aria-label="filter features">
<table id="matrix"><thead><tr><th>feature</th><th class="n">pass</th><th class="n">fail</th><th class="n">expected fail</th><th class="n">unsupported</th><th>share</th><th>verdict</th></tr></thead>
<tbody>
${r.matrix.map(matrixRow).join("\n")}
</tbody></table>
${knownTable}
${unsupported}
${examples.length > 0 ? `<h2>Counterexamples</h2>\n${examples.join("\n")}` : ""}
${warnings}
<script>${SCRIPT}</script>
</body></html>
`;
}
