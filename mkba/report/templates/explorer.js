/* mkba weight explorer: re-ranks the measures in the browser, no server, nothing fetched.
 *
 * Group weights w_j = f_j * sum_k a_k W_kj / sum_k a_k, renormalised to sum 1, with a_k the
 * stakeholder influence sliders, W_kj the stakeholders' weights and f_j the criterion factors.
 * Scores as mkba.mcda.evaluate: "wsm" = sum_j w_j r_ij and "topsis" = D-/(D+ + D-) on
 * v_ij = w_j r_ij, both on min-max normalised r (a flat column is 1). Ranks as mkba.mcda.rank:
 * competition ranks, ties within 1e-12 of the largest |score| share the best rank.
 * Every text goes into the page through textContent, never as HTML.
 *
 * The package (data.package): a measure's value in the portfolio objective mirrors
 * mkba.stages.selection.objective_values: "npv" is the NPV column; "value" (the PM criteria) and
 * "value+npv" (every criterion) are sum_j w'_j d_j x_ij / s_j (mkba.portfolio.anchored_values) with
 * w' the weights renormalised over those columns, d_j = +1/-1 and s_j = max_i |x_ij| (1 if 0). A
 * package is worth the sum over its measures, a measure with a start-year choice at the start that package
 * gives it (data.package.starts): its NPV column replaced by the NPV at that start (data.package.options),
 * on the same anchors, as mkba.stages.selection.start_option_values. For weights whose values lie in the cone of the
 * parties' value vectors (inside their hull) the best package is one of the non-dominated packages
 * the robustness stage enumerated, so the best of them is the optimum when that set is complete;
 * elsewhere the page says the package is the best of the known ones, not a re-optimisation.
 */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var n = data.measures.length, m = data.criteria.length;

  function minmax(x, types) {
    var r = [], j, i, lo, hi;
    for (i = 0; i < n; i++) { r.push(new Array(m)); }
    for (j = 0; j < m; j++) {
      lo = Infinity; hi = -Infinity;
      for (i = 0; i < n; i++) { lo = Math.min(lo, x[i][j]); hi = Math.max(hi, x[i][j]); }
      for (i = 0; i < n; i++) {
        if (hi - lo === 0) { r[i][j] = 1; }
        else { r[i][j] = (types[j] > 0 ? x[i][j] - lo : hi - x[i][j]) / (hi - lo); }
      }
    }
    return r;
  }

  var normalised = minmax(data.values, data.types);

  function wsm(w) {
    return normalised.map(function (row) {
      var s = 0; for (var j = 0; j < m; j++) { s += row[j] * w[j]; } return s;
    });
  }

  function topsis(w) {
    var v = normalised.map(function (row) { return row.map(function (r, j) { return r * w[j]; }); });
    var pis = [], nis = [], i, j;
    for (j = 0; j < m; j++) {
      pis.push(-Infinity); nis.push(Infinity);
      for (i = 0; i < n; i++) { pis[j] = Math.max(pis[j], v[i][j]); nis[j] = Math.min(nis[j], v[i][j]); }
    }
    return v.map(function (row) {
      var dp = 0, dm = 0;
      for (var j = 0; j < m; j++) { dp += Math.pow(row[j] - pis[j], 2); dm += Math.pow(row[j] - nis[j], 2); }
      dp = Math.sqrt(dp); dm = Math.sqrt(dm);
      return dp + dm > 0 ? dm / (dp + dm) : 0.5;
    });
  }

  function rank(scores) {
    var order = scores.map(function (s, i) { return i; });
    order.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var tol = 1e-12 * Math.max.apply(null, scores.map(Math.abs));
    var ranks = new Array(n), start = 0;
    for (var p = 0; p < n; p++) {
      if (p > 0 && scores[order[p - 1]] - scores[order[p]] > tol) { start = p; }
      ranks[order[p]] = start + 1;
    }
    return { order: order, ranks: ranks };
  }

  function groupWeights(influence, factors) {
    var total = 0, w = new Array(m).fill(0), k, j;
    influence.forEach(function (a) { total += a; });
    var share = influence.map(function (a) { return total > 0 ? a / total : 1 / influence.length; });
    for (k = 0; k < data.stakeholders.length; k++) {
      for (j = 0; j < m; j++) { w[j] += share[k] * data.stakeholders[k].weights[j]; }
    }
    var sum = 0;
    for (j = 0; j < m; j++) { w[j] *= factors[j]; sum += w[j]; }
    return w.map(function (x) { return sum > 0 ? x / sum : 1 / m; });
  }

  function fmt(x, decimals) {
    var s = Math.abs(x).toFixed(decimals);
    if (Number(s) === 0) { x = 0; }
    var parts = s.split("."), int = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, data.format.group);
    return (x < 0 ? "-" : "") + int + (parts.length > 1 ? data.format.decimal + parts[1] : "");
  }

  function percent(x) { return fmt(100 * x, 1) + data.format.percent; }

  function wrap(text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (word) {
      while (word.length > width) {
        if (line) { lines.push(line); line = ""; }
        lines.push(word.slice(0, width)); word = word.slice(width);
      }
      if (!line) { line = word; } else if ((line + " " + word).length <= width) { line += " " + word; }
      else { lines.push(line); line = word; }
    });
    if (line || !lines.length) { lines.push(line); }
    return lines;
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function draw(scores, result) {
    var svg = document.getElementById("fig-explorer");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var labels = result.order.map(function (i) { return wrap(data.measures[i].id + " " + data.measures[i].name, 36); });
    var longest = 1;
    labels.forEach(function (lines) { lines.forEach(function (l) { longest = Math.max(longest, l.length); }); });
    var left = Math.round(longest * 6.72 + 40), plot = 360, top = 10, y = top;
    var hi = Math.max.apply(null, scores.concat([0])), lo = Math.min.apply(null, scores.concat([0]));
    if (hi - lo <= 0) { hi = lo + 1; }
    var sx = function (v) { return left + (v - lo) / (hi - lo) * plot; };
    var title = el("title", {}, data.labels.ranking);
    svg.appendChild(title);
    var body = el("g", {});
    result.order.forEach(function (i, p) {
      var lines = labels[p], h = Math.max(22, lines.length * 14 + 8), s = scores[i];
      var x0 = Math.min(sx(0), sx(s)), x1 = Math.max(sx(0), sx(s));
      // every bar 14 px thick (as the report's charts), centred in its row whatever the label wraps to
      var bar = el("rect", { "class": "bar", x: x0.toFixed(1), y: (y + (h - 14) / 2).toFixed(1),
                             width: Math.max(x1 - x0, 0.5).toFixed(1), height: "14.0", fill: s < 0 ? "#D55E00" : "#0072B2" });
      bar.appendChild(el("title", {}, lines.join(" ") + ": " + fmt(s, 4)));
      body.appendChild(bar);
      body.appendChild(el("text", { x: 6, y: (y + h / 2 + 4).toFixed(1), "font-size": 12, fill: "#222222",
                                    "font-weight": "bold" }, String(result.ranks[i])));
      var text = el("text", { x: left - 8, y: (y + h / 2 - (lines.length - 1) * 7 + 4).toFixed(1),
                              "text-anchor": "end", "font-size": 12, fill: "#222222" });
      lines.forEach(function (line, k) {
        text.appendChild(el("tspan", { x: left - 8, dy: k === 0 ? 0 : 14 }, line));
      });
      body.appendChild(text);
      body.appendChild(el("text", { x: (x1 + 4).toFixed(1), y: (y + h / 2 + 4).toFixed(1), "font-size": 11,
                                    fill: "#5f6368" }, fmt(s, 3)));
      y += h;
    });
    body.appendChild(el("line", { x1: sx(0).toFixed(1), y1: top, x2: sx(0).toFixed(1), y2: y, stroke: "#222222" }));
    body.appendChild(el("text", { x: (left + plot / 2).toFixed(1), y: (y + 24).toFixed(1), "text-anchor": "middle",
                                  "font-size": 12, "font-weight": "bold", fill: "#222222" }, data.labels.axis));
    svg.appendChild(body);
    var width = left + plot + 60, height = y + 36;
    svg.setAttribute("width", width); svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  }

  function table(scores, result, baseline) {
    var tbody = document.querySelector("#explorer-ranking tbody");
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    result.order.forEach(function (i) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-measure", data.measures[i].id);
      tr.setAttribute("data-rank", String(result.ranks[i]));
      var change = baseline ? baseline.ranks[i] - result.ranks[i] : 0;
      var cells = [String(result.ranks[i]), data.measures[i].id, data.measures[i].name, fmt(scores[i], 4),
                   change > 0 ? "▲ " + change : change < 0 ? "▼ " + (-change) : "="];
      cells.forEach(function (value, c) {
        var td = document.createElement("td");
        td.textContent = value;
        if (c === 0 || c >= 3) { td.className = "num"; }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  var pkg = data.package;
  var anchors = [];
  (function () {
    for (var j = 0; j < m; j++) {
      var s = 0;
      for (var i = 0; i < n; i++) { s = Math.max(s, Math.abs(data.values[i][j])); }
      anchors.push(s > 0 ? s : 1);
    }
  })();

  function measureValues(w) {
    var i, j, first = pkg.objective === "value" ? 1 : 0, total = 0, ws = new Array(m).fill(0), out = new Array(n);
    if (pkg.objective === "npv") { return data.values.map(function (row) { return row[0]; }); }
    for (j = first; j < m; j++) { total += w[j]; }
    for (j = first; j < m; j++) { ws[j] = total > 0 ? w[j] / total : 0; }
    for (i = 0; i < n; i++) {
      var s = 0;
      for (j = first; j < m; j++) { s += data.values[i][j] * (data.types[j] / anchors[j]) * ws[j]; }
      out[i] = s;
    }
    return out;
  }

  function startGains(w) {  // per measure index and start year: what starting then adds to its value
    var first = pkg.objective === "value" ? 1 : 0, total = 0, out = {}, j;
    for (j = first; j < m; j++) { total += w[j]; }
    var factor = pkg.objective === "npv" ? 1 : pkg.objective === "value" ? 0 :
      (total > 0 ? w[0] / total : 0) * data.types[0] / anchors[0];
    Object.keys(pkg.options || {}).forEach(function (i) {
      var o = pkg.options[i];
      out[i] = {};
      o.years.forEach(function (y, k) { out[i][y] = factor * (o.npv[k] - data.values[Number(i)][0]); });
    });
    return out;
  }

  function worth(values, members, starts, gains) {
    var s = 0; members.forEach(function (i) { s += values[i]; });
    Object.keys(starts || {}).forEach(function (i) { s += gains[i][starts[i]]; });
    return s;
  }

  var proposalStarts = (function () {
    var key = JSON.stringify(pkg ? pkg.proposal : null), k;
    for (k = 0; pkg && k < pkg.portfolios.length; k++) {
      if (JSON.stringify(pkg.portfolios[k]) === key) { return (pkg.starts || [])[k] || {}; }
    }
    return {};
  })();

  function solve(a, b) {  // a square system by Gaussian elimination with partial pivoting; null if singular
    var k = b.length, M = a.map(function (row, r) { return row.concat([b[r]]); }), i, j, r;
    for (j = 0; j < k; j++) {
      var p = j;
      for (r = j + 1; r < k; r++) { if (Math.abs(M[r][j]) > Math.abs(M[p][j])) { p = r; } }
      if (Math.abs(M[p][j]) < 1e-14) { return null; }
      var t = M[j]; M[j] = M[p]; M[p] = t;
      for (r = j + 1; r < k; r++) {
        var f = M[r][j] / M[j][j];
        for (i = j; i <= k; i++) { M[r][i] -= f * M[j][i]; }
      }
    }
    var x = new Array(k);
    for (j = k - 1; j >= 0; j--) {
      var s = M[j][k];
      for (i = j + 1; i < k; i++) { s -= M[j][i] * x[i]; }
      x[j] = s / M[j][j];
    }
    return x;
  }

  function inCone(target, generators) {
    // non-negative least squares (Lawson & Hanson 1974) of target on the generators (unit-scaled):
    // inside the cone when the residual vanishes (relative 1e-9)
    var G = generators.map(function (g) {
      var norm = Math.sqrt(g.reduce(function (s, x) { return s + x * x; }, 0));
      return norm > 0 ? g.map(function (x) { return x / norm; }) : null;
    }).filter(function (g) { return g !== null; });
    var tnorm = Math.sqrt(target.reduce(function (s, x) { return s + x * x; }, 0));
    if (tnorm === 0) { return true; }
    var K = G.length, x = new Array(K).fill(0), passive = new Array(K).fill(false), it = 0;
    function residual(coef) {
      return target.map(function (t, i) { var s = t; for (var k = 0; k < K; k++) { s -= G[k][i] * coef[k]; } return s; });
    }
    function gradient(res) { return G.map(function (g) { return g.reduce(function (s, v, i) { return s + v * res[i]; }, 0); }); }
    function lsq() {  // least squares on the passive set (normal equations)
      var P = [], k, l;
      for (k = 0; k < K; k++) { if (passive[k]) { P.push(k); } }
      var A = P.map(function (a) { return P.map(function (b) { return G[a].reduce(function (s, v, i) { return s + v * G[b][i]; }, 0); }); });
      var rhs = P.map(function (a) { return G[a].reduce(function (s, v, i) { return s + v * target[i]; }, 0); });
      var sol = solve(A, rhs), z = new Array(K).fill(0);
      if (sol === null) { return null; }
      for (l = 0; l < P.length; l++) { z[P[l]] = sol[l]; }
      return z;
    }
    var g = gradient(residual(x)), tol = 1e-12 * tnorm;
    while (it++ < 3 * K + 10) {
      var best = -1;
      for (var k = 0; k < K; k++) { if (!passive[k] && g[k] > tol && (best < 0 || g[k] > g[best])) { best = k; } }
      if (best < 0) { break; }
      passive[best] = true;
      var z = lsq();
      if (z === null) { passive[best] = false; break; }
      var inner = 0;
      while (inner++ < 3 * K + 10 && z.some(function (v, q) { return passive[q] && v <= 0; })) {
        var alpha = 1;
        for (var q = 0; q < K; q++) {
          if (passive[q] && z[q] <= 0) { alpha = Math.min(alpha, x[q] / (x[q] - z[q])); }
        }
        for (q = 0; q < K; q++) {
          x[q] += alpha * (z[q] - x[q]);
          if (passive[q] && x[q] <= 1e-15) { passive[q] = false; x[q] = 0; }
        }
        z = lsq();
        if (z === null) { break; }
      }
      if (z === null) { break; }
      x = z;
      g = gradient(residual(x));
    }
    var r = residual(x);
    return Math.sqrt(r.reduce(function (s, v) { return s + v * v; }, 0)) <= 1e-9 * tnorm;
  }

  function choosePackage(w) {
    var values = measureValues(w), gains = startGains(w);
    var proposalValue = worth(values, pkg.proposal, proposalStarts, gains);
    var best = null, bestStarts = proposalStarts, bestValue = -Infinity;
    if (pkg.objective === "npv") {  // the weights do not move any value: the proposal is the optimum
      return { members: pkg.proposal.slice(), starts: proposalStarts, value: proposalValue,
               proposalValue: proposalValue, status: "npv", exact: true, inHull: true, values: values };
    }
    pkg.portfolios.forEach(function (members, k) {
      var at = (pkg.starts || [])[k] || {}, v = worth(values, members, at, gains);
      if (v > bestValue) { best = members; bestStarts = at; bestValue = v; }
    });
    if (proposalValue >= bestValue - 1e-12 * Math.max(1, Math.abs(bestValue))) {  // a tie goes to the proposal
      best = pkg.proposal; bestStarts = proposalStarts; bestValue = proposalValue;
    }
    var inHull = inCone(values, data.stakeholders.map(function (h) { return measureValues(h.weights); }));
    var status = !pkg.additive ? "not_additive" : pkg.nondominated === 0 ? "known" : !pkg.complete ? "incomplete" :
      inHull ? "exact" : "outside";
    return { members: best.slice(), starts: bestStarts, value: bestValue, proposalValue: proposalValue, status: status,
             exact: status === "exact", inHull: inHull, values: values };
  }

  function fill(text, fields) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in fields ? fields[key] : all; });
  }

  function amount(x) {
    return pkg.money ? "€ " + fmt(x, 0) : fill(pkg.points, { value: fmt(x, 3) });
  }

  function named(i) { return data.measures[i].id + " " + data.measures[i].name; }

  function showPackage(choice) {
    var box = document.getElementById("explorer-package"), L = pkg.labels;
    while (box.childNodes.length > 1) { box.removeChild(box.lastChild); }
    function para(id, text, cls) {
      var p = document.createElement("p");
      p.id = id; p.textContent = text; if (cls) { p.className = cls; }
      box.appendChild(p);
      return p;
    }
    var count = choice.status === "npv" ? 0 : choice.status === "exact" ? pkg.nondominated : pkg.portfolios.length;
    para("explorer-package-status", fill(L[choice.status], { n: fmt(count, 0) }), "note");
    var inProposal = {}, inPackage = {};
    pkg.proposal.forEach(function (i) { inProposal[i] = true; });
    choice.members.forEach(function (i) { inPackage[i] = true; });
    var enters = choice.members.filter(function (i) { return !inProposal[i]; });
    var leaves = pkg.proposal.filter(function (i) { return !inPackage[i]; });
    if (!enters.length && !leaves.length) {
      para("explorer-package-summary", fill(L.same, { count: fmt(choice.members.length, 0) }));
    } else {
      para("explorer-package-summary", fill(L.count, { count: fmt(choice.members.length, 0),
                                                      enters: fmt(enters.length, 0), leaves: fmt(leaves.length, 0) }));
      var ul = document.createElement("ul");
      ul.id = "explorer-package-changes";
      [["enters", enters], ["leaves", leaves]].forEach(function (pair) {
        var li = document.createElement("li");
        li.className = pair[0];
        li.textContent = L[pair[0]] + ": " + (pair[1].length ? pair[1].map(named).join("; ") : L.none);
        ul.appendChild(li);
      });
      box.appendChild(ul);
      var lost = choice.value - choice.proposalValue;
      para("explorer-package-value", fill(L.value, { value: amount(choice.value), proposal: amount(choice.proposalValue),
        lost: amount(lost), share: percent(choice.value !== 0 ? lost / Math.abs(choice.value) : 0) }));
      var base = measureValues(pkg.weights), baseGains = startGains(pkg.weights);
      var proposalBase = worth(base, pkg.proposal, proposalStarts, baseGains);
      var lostBase = proposalBase - worth(base, choice.members, choice.starts, baseGains);
      if (lostBase >= 0) {  // (below 0 only where the sums are an approximation, which the note says)
        para("explorer-package-value-base", fill(L.value_base, { lost: amount(lostBase),
          share: percent(proposalBase !== 0 ? lostBase / Math.abs(proposalBase) : 0) }));
      }
    }
    var list = document.createElement("ol");
    list.id = "explorer-package-members";
    choice.members.forEach(function (i) {
      var li = document.createElement("li");
      li.setAttribute("data-measure", data.measures[i].id);
      li.textContent = (inProposal[i] ? "" : "+ ") + named(i);
      if (!inProposal[i]) { li.style.fontWeight = "bold"; }
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function sliders(prefix) {
    return Array.prototype.slice.call(document.querySelectorAll("input[id^='" + prefix + "-']"));
  }

  function current() {
    var influence = sliders("influence").map(function (s) { return Number(s.value); });
    var factors = sliders("criterion").map(function (s) { return Number(s.value); });
    var method = document.querySelector("input[name='explorer-method']:checked").value;
    return { influence: influence, factors: factors, method: method };
  }

  var baselines = {};

  function compute(state) {
    var w = groupWeights(state.influence, state.factors);
    var scores = state.method === "wsm" ? wsm(w) : topsis(w);
    return { weights: w, scores: scores, result: rank(scores) };
  }

  function update() {
    var state = current();
    sliders("influence").forEach(function (s) {
      document.getElementById(s.id + "-value").textContent = fmt(Number(s.value), 1);
    });
    var out = compute(state);
    sliders("criterion").forEach(function (s, j) {
      document.getElementById(s.id + "-value").textContent = "×" + fmt(Number(s.value), 1) + " · " +
        percent(out.weights[j]);
    });
    if (!baselines[state.method]) {
      baselines[state.method] = compute({ influence: data.stakeholders.map(function (h) { return h.influence; }),
                                          factors: data.criteria.map(function () { return 1; }),
                                          method: state.method }).result;
    }
    draw(out.scores, out.result);
    table(out.scores, out.result, baselines[state.method]);
    var choice = pkg ? choosePackage(out.weights) : null;
    if (choice) { showPackage(choice); }
    window.mkbaExplorer.last = { method: state.method, weights: out.weights, scores: out.scores,
                                 ranks: out.result.ranks, order: out.result.order.map(function (i) {
                                   return data.measures[i].id; }),
                                 package: choice ? packageFacts(choice) : null };
  }

  function reset() {
    sliders("influence").forEach(function (s, k) { s.value = String(data.stakeholders[k].influence); });
    sliders("criterion").forEach(function (s) { s.value = "1"; });
    document.getElementById("method-" + data.method).checked = true;
    update();
  }

  function packageFacts(choice) {
    var starts = {};
    Object.keys(choice.starts || {}).forEach(function (i) { starts[data.measures[Number(i)].id] = choice.starts[i]; });
    return { selected: choice.members.map(function (i) { return data.measures[i].id; }), starts: starts,
             value: choice.value,
             proposal_value: choice.proposalValue, status: choice.status, exact: choice.exact,
             in_hull: choice.inHull };
  }

  function packageAt(weights) { return pkg ? packageFacts(choosePackage(weights)) : null; }

  window.mkbaExplorer = { update: update, reset: reset, compute: compute, package: packageAt,
                          groupWeights: groupWeights, last: null };
  document.getElementById("explorer-form").addEventListener("input", update);
  document.getElementById("explorer-form").addEventListener("change", update);
  document.getElementById("explorer-reset").addEventListener("click", reset);
  update();
})();
