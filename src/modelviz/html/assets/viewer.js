/* modelviz interactive page: pan, zoom, minimap, search, layer panel, views, deep links.
   Plain script, no framework, no network. Contract: window.modelviz.search(query) returns
   matching node keys; window.modelviz.select(key) opens that node's panel. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var data = null, view = null, viewIndex = 0, cache = {};
  var state = { s: 1, x: 0, y: 0 }, size = { w: 800, h: 600 };
  var selected = null, hits = [], hitIndex = -1;
  var api = { ready: false, readyMs: null, timings: {} };
  function mark(name) { api.timings[name] = Math.round(performance.now()); }
  /* every lookup keyed by a layer name goes through objects without a prototype, so names
     such as "constructor" or "__proto__" are plain keys */
  function dict(obj) { return Object.assign(Object.create(null), obj); }
  window.modelviz = api;
  mark("script");

  function unpack(text) {
    var chars = atob(text.trim()), bytes = new Uint8Array(chars.length);
    for (var i = 0; i < chars.length; i++) { bytes[i] = chars.charCodeAt(i); }
    mark("decoded");
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (json) { mark("inflated"); return JSON.parse(json); });
  }

  /* ---- views: one pre-rendered SVG per level, built once and cached ---- */
  function buildView(index) {
    if (cache[index]) { return cache[index]; }
    var spec = data.views[index], holder = document.createElement("div");
    mark("build0");
    holder.innerHTML = spec.svg;
    mark("parsed");
    var svg = holder.firstElementChild, box = svg.viewBox.baseVal;
    svg.setAttribute("width", box.width);
    svg.setAttribute("height", box.height);
    var v = { index: index, spec: spec, svg: svg, els: dict(), keyOf: new Map(), edges: [],
              w: box.width, h: box.height, boxes: null };
    svg.querySelectorAll("g.node, g.cluster").forEach(function (g) {
      var title = g.querySelector("title"), key = title && spec.titles[title.textContent];
      if (key === undefined) { return; }
      v.els[key] = g; v.keyOf.set(g, key);
      title.textContent = nameOf(key);
      var tag = data.nodes[key] && data.nodes[key].mark;
      if (tag) { g.classList.add("mv-mark-" + tag); }
    });
    svg.querySelectorAll("g.edge").forEach(function (g) {
      var title = g.querySelector("title"), ends = title ? title.textContent.split("->") : [];
      var a = spec.titles[ends[0]], b = spec.titles[ends[1]];
      if (a === undefined || b === undefined) { return; }
      v.edges.push({ from: a, to: b, el: g });
      title.textContent = nameOf(a) + " \u2192 " + nameOf(b);
    });
    v.items = cullItems(v);
    cache[index] = v;
    mark("built");
    return v;
  }

  function nameOf(key) { return data.nodes[key] ? data.nodes[key].name : key; }

  function measure(v) {
    if (v.boxes) { return; }
    v.boxes = dict();
    Object.keys(v.spec.boxes).forEach(function (key) {
      var b = v.spec.boxes[key];
      v.boxes[key] = { x: b[0], y: b[1], w: b[2], h: b[3] };
    });
  }

  function showView(index, keepSelection) {
    var v = buildView(index), drawing = $("mv-drawing");
    drawing.textContent = "";
    Object.keys(cache).forEach(function (i) { cache[i].svg.classList.remove("mv-focus"); });
    view = v; viewIndex = index;
    measure(v);
    mark("measured");
    renderToggles();
    resize();
    fit();
    flush();  /* cull before the drawing enters the document: only what is on screen is laid out */
    drawing.appendChild(v.svg);
    if (keepSelection && selected) { highlight(selected); }
    applyHits();
  }

  function resize() {
    var vp = $("mv-viewport");
    size = { w: vp.clientWidth || 800, h: vp.clientHeight || 600 };
  }

  /* ---- culling: boxes far off screen leave the document (inserting 10,000 SVG elements
     costs more than a second), each replaced by an empty comment that keeps its place ---- */
  function cullItems(v) {
    var items = [], edges = v.svg.querySelectorAll("g.edge"), eb = v.spec.edge_boxes || [];
    Object.keys(v.els).forEach(function (key) {
      if (!v.els[key].classList.contains("cluster")) { items.push({ el: v.els[key], b: v.spec.boxes[key], shown: true }); }
    });
    if (edges.length === eb.length) {
      edges.forEach(function (g, i) { items.push({ el: g, b: eb[i], shown: true }); });
    }
    return items.filter(function (item) { return item.b; });
  }

  function cull() {
    var w = size.w / state.s, h = size.h / state.s, x0 = -state.x / state.s, y0 = -state.y / state.s;
    var left = x0 - w / 2, right = x0 + 1.5 * w, top = y0 - h / 2, bottom = y0 + 1.5 * h;
    view.items.forEach(function (item) {
      var b = item.b, want = b[0] < right && b[0] + b[2] > left && b[1] < bottom && b[1] + b[3] > top;
      if (want === item.shown) { return; }
      if (!item.ph) { item.ph = document.createComment(""); }
      if (want) { item.ph.replaceWith(item.el); } else { item.el.replaceWith(item.ph); }
      item.shown = want;
    });
  }

  /* classes on drawn elements, tracked so culled (detached) elements are cleared too */
  var marked = {};

  function addClass(g, cls) {
    g.classList.add(cls);
    (marked[cls] = marked[cls] || new Set()).add(g);
  }

  function clearClass(cls) {
    (marked[cls] || new Set()).forEach(function (g) { g.classList.remove(cls); });
    marked[cls] = new Set();
  }

  function keysWith(cls) {
    return Object.keys(view.els).filter(function (k) { return view.els[k].classList.contains(cls); });
  }

  function findView(flags) {
    for (var i = 0; i < data.views.length; i++) {
      var f = data.views[i].flags, ok = true;
      Object.keys(flags).forEach(function (k) { if (f[k] !== flags[k]) { ok = false; } });
      if (ok) { return i; }
    }
    return -1;
  }

  function toggle(flag) {
    var flags = Object.assign({}, view.spec.flags);
    flags[flag] = !flags[flag];
    var index = findView(flags);
    if (index >= 0) { showView(index, true); if (selected) { openPanel(selected); center(selected); } }
    return index >= 0;
  }

  var FLAG_TEXT = { nested: ["Expand nested", "Collapse nested"],
                    folded: ["Unfold repeats", "Fold repeats"] };

  function renderToggles() {
    var box = $("mv-toggles"), flags = view.spec.flags;
    box.textContent = "";
    Object.keys(flags).forEach(function (flag) {
      var other = Object.assign({}, flags); other[flag] = !flags[flag];
      if (findView(other) < 0) { return; }
      var text = FLAG_TEXT[flag] || [flag + " on", flag + " off"];
      var on = flag === "folded" ? !flags[flag] : flags[flag];
      var b = button(on ? text[1] : text[0], function () { toggle(flag); });
      b.dataset.flag = flag;
      box.appendChild(b);
    });
  }

  /* ---- pan and zoom ---- */
  /* the transform follows at once; culling and the minimap at most once a frame */
  var framePending = false;

  function apply() {
    view.svg.style.transform = "translate(" + state.x + "px," + state.y + "px) scale(" + state.s + ")";
    if (!framePending) { framePending = true; requestAnimationFrame(flush); }
  }

  function flush() {
    if (!framePending) { return; }
    framePending = false;
    cull();
    drawMinimap();
  }

  function zoomAt(factor, cx, cy) {
    var s = Math.min(8, Math.max(0.01, state.s * factor));
    state.x = cx - (cx - state.x) * (s / state.s);
    state.y = cy - (cy - state.y) * (s / state.s);
    state.s = s;
    apply();
  }

  function zoomCenter(factor) {
    zoomAt(factor, size.w / 2, size.h / 2);
  }

  function fit() {
    var W = size.w, H = size.h;
    var s = Math.min(W / view.w, H / view.h) * 0.96;
    if (s < 0.2) {  /* a tall drawing: fit the width, start at the top */
      s = Math.min(1, (W / view.w) * 0.96);
      state = { s: s, x: (W - view.w * s) / 2, y: 8 };
    } else {
      s = Math.min(s, 2);
      state = { s: s, x: (W - view.w * s) / 2, y: (H - view.h * s) / 2 };
    }
    apply();
  }

  function center(key) {
    var rep = representative(key), b = rep && view.boxes[rep];
    if (!b) { return; }
    var panel = $("mv-panel");
    var width = size.w - (panel.hidden ? 0 : panel.offsetWidth);
    if (state.s < 0.5) { state.s = Math.min(1, Math.max(0.5, state.s)); }
    state.x = Math.max(width, 200) / 2 - (b.x + b.w / 2) * state.s;
    state.y = size.h / 2 - (b.y + b.h / 2) * state.s;
    apply();
  }

  function setupPointer() {
    var vp = $("mv-viewport"), drag = null;
    vp.addEventListener("pointerdown", function (e) {
      drag = { x: e.clientX, y: e.clientY, sx: state.x, sy: state.y, moved: false };
      vp.setPointerCapture(e.pointerId);
    });
    vp.addEventListener("pointermove", function (e) {
      if (!drag) { return; }
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { drag.moved = true; vp.classList.add("mv-dragging"); }
      if (drag.moved) { state.x = drag.sx + dx; state.y = drag.sy + dy; apply(); }
    });
    vp.addEventListener("pointerup", function (e) {
      var click = drag && !drag.moved;
      drag = null;
      vp.classList.remove("mv-dragging");
      if (click) { clickAt(e.clientX, e.clientY); }
    });
    vp.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = vp.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
  }

  function clickAt(x, y) {
    var el = document.elementFromPoint(x, y);
    while (el && el !== view.svg) {
      if (view.keyOf.has(el)) { select(view.keyOf.get(el)); return; }
      el = el.parentNode;
    }
    clearSelection();
  }

  /* ---- minimap: node boxes on a canvas, the visible area as a frame ---- */
  var minimapColor = null;

  function drawMinimap() {
    var c = $("mv-minimap"), ctx = c.getContext("2d");
    c.hidden = view.w * state.s <= size.w && view.h * state.s <= size.h;  /* all on screen */
    var k = Math.min(180 / view.w, Math.max(120, Math.min(420, size.h * 0.6)) / view.h);
    var w = Math.max(20, Math.round(view.w * k)), h = Math.max(20, Math.round(view.h * k));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; } else { ctx.clearRect(0, 0, w, h); }
    ctx.fillStyle = minimapColor || (minimapColor = getComputedStyle(c).color);
    Object.keys(view.boxes).forEach(function (key) {
      var b = view.boxes[key];
      if (view.els[key].classList.contains("cluster")) { return; }
      ctx.fillRect(b.x * k, b.y * k, Math.max(1, b.w * k), Math.max(1, b.h * k));
    });
    ctx.strokeStyle = "#ff6d00"; ctx.lineWidth = 2;
    ctx.strokeRect(-state.x / state.s * k, -state.y / state.s * k,
                   size.w / state.s * k, size.h / state.s * k);
    c.dataset.k = k;
  }

  function setupMinimap() {
    var c = $("mv-minimap"), down = false;
    function go(e) {
      var r = c.getBoundingClientRect(), k = +c.dataset.k;
      state.x = size.w / 2 - ((e.clientX - r.left) / k) * state.s;
      state.y = size.h / 2 - ((e.clientY - r.top) / k) * state.s;
      apply();
    }
    c.addEventListener("pointerdown", function (e) { down = true; c.setPointerCapture(e.pointerId); go(e); });
    c.addEventListener("pointermove", function (e) { if (down) { go(e); } });
    c.addEventListener("pointerup", function () { down = false; });
  }

  /* ---- which drawn node stands for a key in this view ---- */
  function representative(key) {
    var seen = 0;
    while (key !== undefined && key !== null && seen++ < 10000) {
      if (view.els[key]) { return key; }
      var n = data.nodes[key];
      if (!n) { return null; }
      key = (n.group && view.els[n.group]) ? n.group : n.parent;
    }
    return null;
  }

  /* ---- search ---- */
  function search(query) {
    var q = String(query || "").trim().toLowerCase(), out = [];
    if (!q) { return out; }
    Object.keys(data.nodes).forEach(function (key) {
      var n = data.nodes[key];
      if (n.members) { return; }
      if (n.name.toLowerCase().indexOf(q) >= 0 || (n.class_name || "").toLowerCase().indexOf(q) >= 0) {
        out.push(key);
      }
    });
    return out;
  }

  function runSearch() {
    hits = search($("mv-search").value);
    hitIndex = -1;
    applyHits();
    if (hits.length) { step(1); }
  }

  function applyHits() {
    clearClass("mv-hit"); clearClass("mv-current");
    hits.forEach(function (key) { var r = representative(key); if (r) { addClass(view.els[r], "mv-hit"); } });
    var count = $("mv-count");
    count.textContent = hits.length ? (hitIndex + 1) + "/" + hits.length : ($("mv-search").value ? "0" : "");
    if (hitIndex >= 0) {
      var cur = representative(hits[hitIndex]);
      if (cur) { addClass(view.els[cur], "mv-current"); }
    }
  }

  function step(delta) {
    if (!hits.length) { return; }
    hitIndex = (hitIndex + delta + hits.length) % hits.length;
    applyHits();
    center(hits[hitIndex]);
  }

  /* ---- selection: panel, upstream/downstream highlighting, deep link ---- */
  function reach(start, forward) {
    var adj = dict(), seen = dict(), todo = [start];
    view.edges.forEach(function (e) {
      var a = forward ? e.from : e.to, b = forward ? e.to : e.from;
      (adj[a] = adj[a] || []).push(b);
    });
    seen[start] = true;
    while (todo.length) {
      (adj[todo.pop()] || []).forEach(function (b) { if (!seen[b]) { seen[b] = true; todo.push(b); } });
    }
    return seen;
  }

  function highlight(key) {
    ["mv-rel", "mv-up", "mv-down", "mv-sel"].forEach(clearClass);
    var rep = representative(key);
    view.svg.classList.toggle("mv-focus", !!rep);
    if (!rep) { return; }
    var up = reach(rep, false), down = reach(rep, true);
    Object.keys(up).forEach(function (k) { if (view.els[k]) { addClass(view.els[k], "mv-rel"); addClass(view.els[k], "mv-up"); } });
    Object.keys(down).forEach(function (k) { if (view.els[k]) { addClass(view.els[k], "mv-rel"); addClass(view.els[k], "mv-down"); } });
    view.edges.forEach(function (e) {
      if (up[e.from] && up[e.to]) { addClass(e.el, "mv-rel"); addClass(e.el, "mv-up"); }
      if (down[e.from] && down[e.to]) { addClass(e.el, "mv-rel"); addClass(e.el, "mv-down"); }
    });
    addClass(view.els[rep], "mv-sel"); addClass(view.els[rep], "mv-rel");
    view.svg.querySelectorAll("g.cluster").forEach(function (c) { addClass(c, "mv-rel"); });
  }

  function bestViewFor(key) {
    if (view.els[key]) { return viewIndex; }
    var best = -1, bestSame = -1;
    data.views.forEach(function (spec, i) {
      if (!Object.values(spec.titles).includes(key)) { return; }
      var same = 0;
      Object.keys(spec.flags).forEach(function (f) { if (spec.flags[f] === view.spec.flags[f]) { same++; } });
      if (same > bestSame) { best = i; bestSame = same; }
    });
    return best;
  }

  function select(key) {
    if (!data.nodes[key]) {
      var byName = Object.keys(data.nodes).filter(function (k) { return data.nodes[k].name === key; });
      if (!byName.length) { return false; }
      key = byName[0];
    }
    var index = bestViewFor(key);
    if (index >= 0 && index !== viewIndex) { showView(index, false); }
    selected = key;
    highlight(key);
    openPanel(key);
    center(key);
    setHash("#node=" + encodeURIComponent(key));
    return true;
  }

  function clearSelection() {
    selected = null;
    highlight(null);
    $("mv-panel").hidden = true;
    if (location.hash) { setHash(location.pathname + location.search); }
  }

  function setHash(url) {
    if (location.hash === url) { return; }
    try { history.replaceState(null, "", url); } catch (err) { /* about:srcdoc (notebooks) */ }
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function button(text, onclick) {
    var b = el("button", text);
    b.type = "button";
    b.addEventListener("click", onclick);
    return b;
  }

  function links(title, keys) {
    var box = el("div", null, "mv-links");
    box.appendChild(el("h3", title + " (" + keys.length + ")"));
    if (!keys.length) { box.appendChild(el("span", "none", "mv-muted")); }
    keys.forEach(function (k) {
      var a = el("a", data.nodes[k] ? data.nodes[k].name : k);
      a.href = "#node=" + encodeURIComponent(k);
      a.dataset.key = k;
      /* select here: in a notebook's srcdoc iframe "#..." would resolve against the notebook */
      a.addEventListener("click", function (e) { e.preventDefault(); select(k); });
      box.appendChild(a);
    });
    return box;
  }

  function openPanel(key) {
    var n = data.nodes[key], p = $("mv-panel");
    p.textContent = "";
    var close = button("\u00d7", clearSelection); close.className = "mv-close"; close.title = "Close (Esc)";
    p.appendChild(close);
    p.appendChild(el("h2", n.name));
    p.appendChild(el("div", n.class_name, "mv-class"));
    var table = el("table", null, "mv-rows");
    (n.rows || []).forEach(function (row) {
      var tr = el("tr"); tr.appendChild(el("th", row[0])); tr.appendChild(el("td", row[1]));
      tr.dataset.label = row[0];
      table.appendChild(tr);
    });
    p.appendChild(table);
    if (n.explanation) { p.appendChild(el("h3", "Why these parameters")); p.appendChild(el("pre", n.explanation, "mv-explain")); }
    var actions = el("div", null, "mv-actions"), rep = representative(key);
    if (rep !== key && rep) { actions.appendChild(el("div", "Drawn inside " + data.nodes[rep].name, "mv-muted")); }
    Object.keys(view.spec.flags).forEach(function (flag) {
      var other = Object.assign({}, view.spec.flags); other[flag] = !other[flag];
      if (findView(other) < 0) { return; }
      if ((flag === "nested" && n.members === undefined && (n.is_model || n.parent)) ||
          (flag === "folded" && (n.members || n.group))) {
        var text = (FLAG_TEXT[flag] || [flag, flag])[(flag === "folded" ? !view.spec.flags[flag] : view.spec.flags[flag]) ? 1 : 0];
        var b = button(text, function () { toggle(flag); }); b.dataset.flag = flag;
        actions.appendChild(b);
      }
    });
    p.appendChild(actions);
    p.appendChild(links("Inbound", n.inbound || []));
    p.appendChild(links("Outbound", n.outbound || []));
    if (n.members) { p.appendChild(links("Stands for", n.members)); }
    if (n.config !== undefined && n.config !== null) {
      var d = el("details"); d.appendChild(el("summary", "Config"));
      d.appendChild(el("pre", JSON.stringify(n.config, null, 1), "mv-config"));
      p.appendChild(d);
    }
    p.hidden = false;
  }

  /* ---- keyboard and deep links ---- */
  function setupKeys() {
    var box = $("mv-search");
    box.addEventListener("input", runSearch);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); step(e.shiftKey ? -1 : 1); }
      if (e.key === "Escape") { box.value = ""; runSearch(); box.blur(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.target === box || e.ctrlKey || e.metaKey || e.altKey) { return; }
      var actions = { "+": function () { zoomCenter(1.25); }, "=": function () { zoomCenter(1.25); },
        "-": function () { zoomCenter(0.8); }, "0": fit, "f": fit,
        "n": function () { step(1); }, "N": function () { step(-1); },
        "/": function () { box.focus(); box.select(); }, "Escape": clearSelection,
        "ArrowLeft": function () { state.x += 80; apply(); }, "ArrowRight": function () { state.x -= 80; apply(); },
        "ArrowUp": function () { state.y += 80; apply(); }, "ArrowDown": function () { state.y -= 80; apply(); } };
      if (actions[e.key]) { e.preventDefault(); actions[e.key](); }
    });
    $("mv-next").addEventListener("click", function () { step(1); });
    $("mv-prev").addEventListener("click", function () { step(-1); });
    $("mv-zoom-in").addEventListener("click", function () { zoomCenter(1.25); });
    $("mv-zoom-out").addEventListener("click", function () { zoomCenter(0.8); });
    $("mv-fit").addEventListener("click", fit);
    window.addEventListener("hashchange", followHash);
    window.addEventListener("resize", function () { if (view) { resize(); apply(); } });
  }

  function followHash() {
    var m = /^#node=(.+)$/.exec(location.hash), key = null;
    if (!m) { return; }
    try { key = decodeURIComponent(m[1]); } catch (err) { return; }  /* "%", cut UTF-8: no layer */
    select(key);
  }

  function start(d) {
    mark("unpacked");
    data = d;
    d.nodes = dict(d.nodes);
    d.views.forEach(function (spec) { spec.titles = dict(spec.titles); spec.boxes = dict(spec.boxes); });
    $("mv-title").textContent = d.title;
    $("mv-subtitle").textContent = d.subtitle || "";
    setupPointer(); setupMinimap(); setupKeys();
    showView(d.initial || 0, false);
    $("mv-loading").remove();
    followHash();
    api.ready = true;
    api.readyMs = performance.now();
    mark("ready");
    requestAnimationFrame(function () { setTimeout(function () { mark("painted"); }, 0); });
    document.documentElement.dataset.mvReady = "1";
  }

  api.search = function (query) { return search(query); };
  api.select = function (key) { return select(key); };
  api.clear = function () { clearSelection(); };
  api.toggle = function (flag) { return toggle(flag); };
  api.view = function () { return view ? view.spec.name : null; };
  api.views = function () { return data.views.map(function (v) { return v.name; }); };
  api.selected = function () { return selected; };
  api.visible = function () { return view ? Object.keys(view.els) : []; };
  api.marked = function (cls) { return keysWith(cls); };
  api.attached = function () { flush(); return view.items.filter(function (i) { return i.shown; }).length; };
  api.state = function () { return { scale: state.s, x: state.x, y: state.y }; };
  api.zoom = function (factor) { zoomCenter(factor); };
  api.fit = function () { fit(); };
  api.find = function (query) { $("mv-search").value = query; runSearch(); return hits.slice(); };
  api.next = function () { step(1); return hits[hitIndex]; };

  unpack($("mv-data").textContent).then(start).catch(function (err) {
    $("mv-loading").textContent = "This page needs a browser with DecompressionStream: " + err;
  });
})();
