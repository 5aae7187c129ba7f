/* mkba weight explorer: re-ranks the measures in the browser, no server, nothing fetched.
 *
 * Group weights w_j = f_j * sum_k a_k W_kj / sum_k a_k, renormalised to sum 1, with a_k the
 * stakeholder influence sliders, W_kj the stakeholders' weights and f_j the criterion factors.
 * Scores as mkba.mcda.evaluate: "wsm" = sum_j w_j r_ij and "topsis" = D-/(D+ + D-) on
 * v_ij = w_j r_ij, both on min-max normalised r (a flat column is 1). Ranks as mkba.mcda.rank:
 * competition ranks, ties within 1e-12 of the largest |score| share the best rank.
 * Every text goes into the page through textContent, never as HTML.
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
    window.mkbaExplorer.last = { method: state.method, weights: out.weights, scores: out.scores,
                                 ranks: out.result.ranks, order: out.result.order.map(function (i) {
                                   return data.measures[i].id; }) };
  }

  function reset() {
    sliders("influence").forEach(function (s, k) { s.value = String(data.stakeholders[k].influence); });
    sliders("criterion").forEach(function (s) { s.value = "1"; });
    document.getElementById("method-" + data.method).checked = true;
    update();
  }

  window.mkbaExplorer = { update: update, reset: reset, compute: compute, last: null };
  document.getElementById("explorer-form").addEventListener("input", update);
  document.getElementById("explorer-form").addEventListener("change", update);
  document.getElementById("explorer-reset").addEventListener("click", reset);
  update();
})();
