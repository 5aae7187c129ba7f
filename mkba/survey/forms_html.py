"""The HTML survey form: one self-contained page (inline CSS and JavaScript, nothing fetched).

The page is rendered here with every scenario string through :func:`mkba.io.canonical.html_text`
(HTML-escaped, control characters shown visibly); the form's metadata travels in
a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no scenario
text can end the block. A Content-Security-Policy meta tag forbids every network fetch.

The script computes the weights as the participant answers: for pairwise forms by Harker's (1987)
method (the matrix C of :func:`mkba.survey.design.harker`, principal eigenvector by power
iteration), the consistency ratio with the form's RI (Saaty 1980 up to n = 10) and, when
CR exceeds the threshold, the answered judgement furthest from the weights
(largest ``|ln(a_ij w_j / w_i)|``, as :func:`mkba.weights.ahp`). Ranking forms show the
rank-order-centroid weights (ties share), swing forms the normalised points.

"Save answers" shows the answers as JSON in a text area (for copy and paste) and downloads them as
a ``.json`` file (a Blob download), which :func:`mkba.survey.read_form` reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..io.canonical import canonical, file_text, html_text
from .design import MESSAGES, FormSpec, format_number, text

__all__ = ["render_html", "write_html"]

_LABEL_KEYS = ("cr", "cr.ok", "cr.bad", "cr.wait", "missing", "saved", "equal", "weights")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:#1d1d1b;line-height:1.45}
h1{font-size:1.45rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border-bottom:1px solid #ddd;padding:.35rem .45rem;
text-align:left;vertical-align:top}th{background:#f3f3f3;font-weight:600}
select,input{font:inherit;padding:.15rem .3rem;background:#fff8cc;border:1px solid #b9a84a;border-radius:3px}
.meta{color:#555}.optional{color:#777}.required{font-weight:600}
tr.worst td{background:#ffe0db}#status{padding:.5rem .7rem;border-radius:4px;background:#eef5ee;margin:.8rem 0}
#status.bad{background:#ffe0db}.bar{display:inline-block;height:.7rem;background:#3f7f5f;vertical-align:middle}
textarea{width:100%;height:9rem;font-family:ui-monospace,monospace;font-size:.8rem}
button{font:inherit;padding:.45rem 1rem;margin:.6rem 0;cursor:pointer}
.small{font-size:.85rem;color:#555}
"""

_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("mkba-data").textContent);
  var L = D.labels, n = D.criteria.length, ids = D.criteria.map(function (c) { return c.id; });
  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return (k in values) ? String(values[k]) : m; });
  }
  function connected(edges) {
    var parent = []; for (var i = 0; i < n; i++) parent.push(i);
    function find(x) { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
    edges.forEach(function (e) { parent[find(e[0])] = find(e[1]); });
    var roots = {}; for (var k = 0; k < n; k++) roots[find(k)] = true;
    return Object.keys(roots).length === 1;
  }
  // Harker (1987): c_ij = a_ij given, 0 missing, c_ii = 1 + missing in row i; power iteration.
  function harker(judgements) {
    var C = [], given = [], i, j;
    for (i = 0; i < n; i++) { C.push([]); given.push([]); for (j = 0; j < n; j++) { C[i].push(0); given[i].push(i === j); } }
    judgements.forEach(function (t) { C[t[0]][t[1]] = t[2]; C[t[1]][t[0]] = 1 / t[2]; given[t[0]][t[1]] = given[t[1]][t[0]] = true; });
    for (i = 0; i < n; i++) { var miss = 0; for (j = 0; j < n; j++) if (!given[i][j]) miss++; C[i][i] = 1 + miss; }
    var w = []; for (i = 0; i < n; i++) w.push(1 / n);
    for (var it = 0; it < 20000; it++) {
      var v = [], s = 0, delta = 0;
      for (i = 0; i < n; i++) { var x = 0; for (j = 0; j < n; j++) x += C[i][j] * w[j]; v.push(x); s += x; }
      for (i = 0; i < n; i++) { v[i] /= s; delta = Math.max(delta, Math.abs(v[i] - w[i])); }
      w = v; if (delta < 1e-14) break;
    }
    var lam = 0; for (i = 0; i < n; i++) for (j = 0; j < n; j++) lam += C[i][j] * w[j];
    var cr = n <= 2 ? 0 : Math.max(0, (lam - n) / (n - 1)) / D.ri;
    var worst = null, worstErr = -1;
    judgements.forEach(function (t) {
      var e = Math.abs(Math.log(t[2] * w[t[1]] / w[t[0]]));
      if (e > worstErr + 1e-12) { worstErr = e; worst = t; }
    });
    return {w: w, lam: lam, cr: cr, worst: worst};
  }
  function roc(order) {  // order: list of tie groups of criterion indices, most important first
    var base = [], k, total = 0;
    for (k = 1; k <= n; k++) { var s = 0; for (var i = k; i <= n; i++) s += 1 / i; base.push(s / n); }
    var w = new Array(n).fill(0), pos = 0;
    order.forEach(function (g) {
      var m = 0; for (var q = pos; q < pos + g.length; q++) m += base[q];
      g.forEach(function (c) { w[c] = m / g.length; }); pos += g.length;
    });
    w.forEach(function (x) { total += x; });
    return w.map(function (x) { return x / total; });
  }
  function showWeights(w) {
    var rows = D.criteria.map(function (c, i) {
      var pct = (100 * w[i]).toFixed(1);
      return "<tr data-w='" + w[i].toPrecision(15) + "'><td>" + c.nameHtml + "</td><td>" + pct + " %</td><td><span class='bar' style='width:" +
        (3 * w[i] * 100).toFixed(0) + "px'></span></td></tr>";
    });
    document.getElementById("weights").innerHTML = rows.join("");
  }
  function clearWeights() { document.getElementById("weights").innerHTML = ""; }
  function setStatus(msg, bad) {
    var el = document.getElementById("status"); el.textContent = msg; el.className = bad ? "bad" : "";
  }
  function collect() {
    var answers = {}, missing = [];
    if (D.kind === "pairwise") {
      answers.pairwise = D.pairs.map(function (p, k) {
        var v = document.getElementById("q" + k).value, more = null, intensity = null;
        if (v === "eq") { more = "equal"; intensity = 1; }
        else if (v) { more = v.charAt(0); intensity = parseInt(v.slice(1), 10); }
        if (!v && k < D.required) missing.push(String(k + 1));
        return {a: p[0], b: p[1], more: more, intensity: intensity};
      });
    } else {
      var key = D.kind === "ranking" ? "ranking" : "swing";
      answers[key] = {};
      ids.forEach(function (id, i) {
        var raw = document.getElementById("q" + i).value.trim(), v = null;
        if (raw !== "") { v = Number(raw.replace(",", ".")); if (!isFinite(v)) v = raw; }
        if (raw === "") missing.push(String(i + 1));
        answers[key][id] = v;
      });
    }
    return {answers: answers, missing: missing};
  }
  function update() {
    var got = collect(), a = got.answers;
    document.querySelectorAll("tr.worst").forEach(function (r) { r.className = r.dataset.cls || ""; });
    if (D.kind === "pairwise") {
      var judg = [], edges = [];
      a.pairwise.forEach(function (x, k) {
        if (!x.more) return;
        var i = ids.indexOf(x.a), j = ids.indexOf(x.b);
        var val = x.more === "a" ? x.intensity : (x.more === "b" ? 1 / x.intensity : 1);
        judg.push([i, j, val, k]); edges.push([i, j]);
      });
      if (!judg.length || !connected(edges)) { setStatus(L["cr.wait"], false); clearWeights(); return; }
      var r = harker(judg);
      showWeights(r.w);
      var crText = L["cr"] + ": " + r.cr.toFixed(3);
      document.getElementById("status").dataset.cr = r.cr.toPrecision(15);
      if (r.cr <= D.threshold) { setStatus(crText + " — " + L["cr.ok"], false); return; }
      var t = r.worst, ratio = r.w[t[0]] / r.w[t[1]];
      var consistent = ratio >= 1 ? "A " + ratio.toFixed(1) : "B " + (1 / ratio).toFixed(1);
      setStatus(crText + " — " + fmt(L["cr.bad"], {threshold: D.threshold.toFixed(2), number: t[3] + 1,
        a: D.criteria[t[0]].name, b: D.criteria[t[1]].name, consistent: consistent}), true);
      document.getElementById("row" + t[3]).className = "worst";
    } else if (D.kind === "ranking") {
      var ranks = ids.map(function (id) { return a.ranking[id]; });
      if (ranks.some(function (x) { return typeof x !== "number"; })) { clearWeights(); setStatus(fmt(L.missing, {items: got.missing.join(", ")}), false); return; }
      var levels = Array.from(new Set(ranks)).sort(function (x, y) { return x - y; });
      showWeights(roc(levels.map(function (lv) { return ranks.map(function (x, i) { return x === lv ? i : -1; }).filter(function (i) { return i >= 0; }); })));
      setStatus("", false);
    } else {
      var pts = ids.map(function (id) { return a.swing[id]; }), total = 0;
      pts.forEach(function (x) { if (typeof x === "number" && x > 0) total += x; });
      if (total > 0) showWeights(pts.map(function (x) { return typeof x === "number" && x > 0 ? x / total : 0; }));
      else clearWeights();
      setStatus(got.missing.length ? fmt(L.missing, {items: got.missing.join(", ")}) : "", false);
    }
  }
  function save() {
    var got = collect();
    var out = {};
    Object.keys(D.meta).forEach(function (k) { out[k] = D.meta[k]; });
    out.respondent = document.getElementById("respondent").value.trim();
    out.answers = got.answers;
    var json = JSON.stringify(out, null, 2);
    document.getElementById("export").value = json;
    var slug = out.respondent.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
    var name = D.stem + (slug && D.stem.indexOf(slug) < 0 ? "-" + slug : "") + ".json";
    var blob = new Blob([json + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob); link.download = name; link.style.display = "none";
    document.body.appendChild(link); link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 2000);
    var msg = fmt(L.saved, {file: name});
    if (got.missing.length) msg = fmt(L.missing, {items: got.missing.join(", ")}) + " " + msg;
    document.getElementById("saved").textContent = msg;
  }
  document.querySelectorAll("select,input").forEach(function (el) {
    el.addEventListener("change", update); el.addEventListener("input", update);
  });
  document.getElementById("save").addEventListener("click", save);
  update();
})();
"""


def _json_block(data: object) -> str:
    """JSON safe inside <script>: ASCII only, with <, > and & escaped."""
    return (json.dumps(canonical(data), ensure_ascii=True, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _pairwise_rows(spec: FormSpec) -> str:
    lang, e = spec.lang, html_text
    options = ['<option value="">—</option>']
    options += [f'<option value="a{k}">A {k}</option>' for k in range(9, 1, -1)]
    options.append(f'<option value="eq">{e(text(lang, "equal"))} (1)</option>')
    options += [f'<option value="b{k}">B {k}</option>' for k in range(2, 10)]
    opts = "".join(options)
    rows = []
    for k, (i, j) in enumerate(spec.pairs):
        required = k < spec.required_pairs
        cls = "required" if required else "optional"
        rows.append(
            f'<tr id="row{k}" data-cls=""><td>{k + 1}</td><td>A: {e(spec.criteria[i].name)}</td>'
            f'<td><select id="q{k}" name="q{k}" aria-label="{e(spec.criteria[i].name)} / '
            f'{e(spec.criteria[j].name)}">{opts}</select></td>'
            f'<td>B: {e(spec.criteria[j].name)}</td><td class="{cls}">{e(text(lang, "yes" if required else "no"))}</td></tr>')
    head = (f"<tr><th>{e(text(lang, 'number'))}</th><th>{e(text(lang, 'header.a'))}</th>"
            f"<th>{e(text(lang, 'more'))} / {e(text(lang, 'intensity'))}</th><th>{e(text(lang, 'header.b'))}</th>"
            f"<th>{e(text(lang, 'required'))}</th></tr>")
    return f"<p>{e(text(lang, 'scale'))}</p><table>{head}{''.join(rows)}</table>"


def _criterion_rows(spec: FormSpec) -> str:
    lang, e = spec.lang, html_text
    if spec.kind == "ranking":
        answer_head = text(lang, "rank")
        opts = '<option value="">—</option>' + "".join(f'<option value="{k}">{k}</option>' for k in range(1, spec.n + 1))
    else:
        answer_head = text(lang, "points")
        opts = ""
    rows = []
    for k, c in enumerate(spec.criteria):
        if spec.kind == "ranking":
            field = f'<select id="q{k}" name="{e(c.id)}">{opts}</select>'
        else:
            field = f'<input id="q{k}" name="{e(c.id)}" type="text" inputmode="decimal" size="6" autocomplete="off">'
        rows.append(f"<tr><td>{k + 1}</td><td>{e(c.name)}</td><td>{e(c.unit)}</td><td>{e(text(lang, c.direction))}</td>"
                    f"<td>{e(format_number(c.worst, lang))} → {e(format_number(c.best, lang))}</td><td>{field}</td></tr>")
    head = (f"<tr><th>{e(text(lang, 'number'))}</th><th>{e(text(lang, 'criterion'))}</th><th>{e(text(lang, 'unit'))}</th>"
            f"<th>{e(text(lang, 'direction'))}</th><th>{e(text(lang, 'range'))}</th><th>{e(answer_head)}</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _criteria_table(spec: FormSpec) -> str:
    lang, e = spec.lang, html_text
    head = "".join(f"<th>{e(text(lang, k))}</th>" for k in ("criterion", "unit", "direction", "range", "description"))
    rows = "".join(
        f"<tr><td>{e(c.name)}</td><td>{e(c.unit)}</td><td>{e(text(lang, c.direction))}</td>"
        f"<td>{e(format_number(c.worst, lang))} → {e(format_number(c.best, lang))}</td>"
        f"<td class='small'>{e(c.description)}</td></tr>" for c in spec.criteria)
    return f"<table><tr>{head}</tr>{rows}</table>"


def render_html(spec: FormSpec) -> str:
    """The complete HTML page of one form."""
    lang, e = spec.lang, html_text
    data = {
        "kind": spec.kind, "ri": spec.ri, "threshold": spec.threshold, "required": spec.required_pairs,
        "pairs": [[spec.ids[i], spec.ids[j]] for i, j in spec.pairs], "stem": spec.file_stem or spec.stakeholder,
        "criteria": [{"id": c.id, "name": file_text(c.name), "nameHtml": e(c.name)} for c in spec.criteria],
        "labels": {k: MESSAGES[lang][k] for k in _LABEL_KEYS}, "meta": spec.meta(),
    }
    questions = _pairwise_rows(spec) if spec.kind == "pairwise" else _criterion_rows(spec)
    intro = [text(lang, "instructions.intro", scenario=spec.scenario, stakeholder=spec.stakeholder_name),
             text(lang, f"instructions.{spec.kind}", sheet=text(lang, "sheet.answers"),
                  required=spec.required_pairs, threshold=f"{spec.threshold:.2f}"),
             text(lang, "instructions.return_html", button=text(lang, "download"))]
    paragraphs = "".join(f"<p>{e(p)}</p>" for p in intro)
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{e(text(lang, f"title.{spec.kind}"))} · {e(spec.stakeholder_name)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{e(text(lang, f"title.{spec.kind}"))}</h1>
<p class="meta">{e(text(lang, "scenario"))}: {e(spec.scenario)}<br>{e(text(lang, "stakeholder"))}: {e(spec.stakeholder_name)} ({e(spec.stakeholder)})</p>
{paragraphs}
<h2>{e(text(lang, "sheet.criteria"))}</h2>
{_criteria_table(spec)}
<h2>{e(text(lang, "sheet.answers"))}</h2>
<p><label for="respondent">{e(text(lang, "respondent"))}</label>: <input id="respondent" type="text" maxlength="100" value="{e(spec.respondent)}"></p>
{questions}
<div id="status" role="status" aria-live="polite"></div>
<h2>{e(text(lang, "weights"))}</h2>
<table id="weights"></table>
<button id="save" type="button">{e(text(lang, "download"))}</button>
<p id="saved" role="status"></p>
<p class="small">{e(text(lang, "copy"))}</p>
<textarea id="export" readonly></textarea>
<script type="application/json" id="mkba-data">{_json_block(data)}</script>
<script>{_JS}</script>
</body>
</html>
"""


def write_html(spec: FormSpec, path: Path) -> Path:
    """Write the page of ``spec`` at ``path`` as UTF-8 (the caller makes the write atomic)."""
    path.write_text(render_html(spec), encoding="utf-8", newline="\n")
    return path
