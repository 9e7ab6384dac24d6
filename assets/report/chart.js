// The link chart (vis-network): entities as nodes, shaped and coloured by kind; lines for joint
// signings (wider for more) and, with the toggle, co-mentions (dashed). The first N nodes are
// shown (a button adds more); clicking a node filters the timeline below; the search box finds
// an entity by any spelling. window.dossierChart is the page's handle (tests use it to find a
// node's place on the screen, then click there).
(function () {
  'use strict';
  var d = window.dossier;
  var data = window.DOSSIER_CHART || { nodes: [], signed: [], co: [] };
  var names = window.DOSSIER_NAMES || [];
  var el = document.getElementById('chart');
  if (!el) return;
  var SHAPE = { country: 'box', place: 'triangle', organization: 'diamond', person: 'dot', agreement: 'star' };
  var COLOR = {
    country: { background: '#cfe3f7', border: '#1f5f99' },
    place: { background: '#d8efd3', border: '#2d6a24' },
    organization: { background: '#f8e2c4', border: '#93540f' },
    person: { background: '#efd3e8', border: '#7d2a6b' },
    agreement: { background: '#f3efb8', border: '#6b6313' }
  };
  var step = parseInt(el.getAttribute('data-initial'), 10) || 150;
  var shown = Math.min(step, data.nodes.length);
  var withCo = false;

  function nodeOf(n, i) {
    var inside = SHAPE[n.kind] === 'box';
    return {
      id: n.id,
      label: n.label,
      shape: SHAPE[n.kind] || 'dot',
      size: 8 + Math.min(18, Math.sqrt(n.mentions)),
      color: COLOR[n.kind],
      borderWidth: 2,
      font: { size: 18, face: 'system-ui, sans-serif', color: '#1a1a1a', strokeWidth: inside ? 0 : 3, strokeColor: '#ffffff' },
      title: n.label + ' (' + n.kind + ', ' + n.mentions + ' mentions, ' + n.signings + ' signings)',
      _i: i
    };
  }
  function edges() {
    var out = [];
    data.signed.forEach(function (e) {
      if (e[0] < shown && e[1] < shown) {
        out.push({ id: 's' + e[0] + '-' + e[1], from: data.nodes[e[0]].id, to: data.nodes[e[1]].id,
          width: 1 + Math.min(8, 2 * Math.log(1 + e[2])), color: { color: '#444' },
          title: e[2] + ' signing' + (e[2] > 1 ? 's' : '') + ' together',
        });
      }
    });
    if (withCo) {
      data.co.forEach(function (e) {
        if (e[0] < shown && e[1] < shown) {
          out.push({ id: 'c' + e[0] + '-' + e[1], from: data.nodes[e[0]].id, to: data.nodes[e[1]].id,
            dashes: true, width: 1, color: { color: '#999', opacity: 0.6 },
            title: 'named together in ' + e[2] + ' articles' });
        }
      });
    }
    return out;
  }
  var network = null;
  var ready = false;
  var drawn = {};
  var hidden = 0;
  function draw() {
    ready = false;
    el.removeAttribute('data-ready');
    // entities joined to none of the others shown are left out (listed by the search and the
    // entity pages), unless nothing is joined at all
    var es = edges();
    var joined = {};
    es.forEach(function (e) { joined[e.from] = true; joined[e.to] = true; });
    var first = data.nodes.slice(0, shown);
    var keep = es.length ? first.filter(function (n) { return joined[n.id]; }) : first;
    hidden = first.length - keep.length;
    drawn = {};
    keep.forEach(function (n) { drawn[n.id] = true; });
    var nodes = keep.map(nodeOf);
    var opts = {
      physics: { solver: 'forceAtlas2Based', stabilization: { iterations: 250, fit: true },
        forceAtlas2Based: { gravitationalConstant: -160, centralGravity: 0.012, springLength: 170, avoidOverlap: 1 } },
      interaction: { hover: true, tooltipDelay: 150 },
      edges: { smooth: false },
      layout: { randomSeed: 7 }
    };
    if (network) network.destroy();
    network = new window.vis.Network(el, { nodes: nodes, edges: es }, opts);
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      // a large chart fitted whole would have unreadable labels: show its middle readable
      // (Fit shows all)
      if (shown > 80 && network.getScale() < 0.55) network.moveTo({ scale: 0.55, animation: false });
      ready = true;
      el.setAttribute('data-ready', 'true');
    });
    network.on('click', function (p) {
      if (p.nodes.length) select(p.nodes[0]);
      else if (!p.edges.length) unselect();
    });
    network.on('doubleClick', function (p) {
      if (p.nodes.length) {
        var n = data.nodes.filter(function (x) { return x.id === p.nodes[0]; })[0];
        if (n) window.location.href = n.href;
      }
    });
    var info = document.getElementById('chart-shown');
    if (info) info.textContent = 'the first ' + shown + ' of ' + data.nodes.length + ' entities' +
      (hidden ? '; ' + hidden + ' without a ' + (withCo ? 'link' : 'joint signing') + ' to them left out' : '');
    var more = document.getElementById('chart-more');
    if (more) more.disabled = shown >= data.nodes.length;
  }
  function labelOf(id) {
    var n = data.nodes.filter(function (x) { return x.id === id; })[0];
    return n ? n.label : id;
  }
  function select(id) {
    if (network) network.selectNodes([id]);
    var count = window.dossierTimeline ? window.dossierTimeline.filter(id, labelOf(id)) : 0;
    el.setAttribute('data-selected', id);
    return count;
  }
  function unselect() {
    if (network) network.unselectAll();
    el.removeAttribute('data-selected');
    if (window.dossierTimeline && window.dossierTimeline.current()) window.dossierTimeline.filter(null);
  }
  if (!window.vis || !window.vis.Network || !data.nodes.length) {
    el.classList.add('empty');
    el.textContent = data.nodes.length ? 'The chart could not be drawn.' : 'No entity in this report.';
  } else {
    draw();
  }
  document.getElementById('chart-more').addEventListener('click', function () {
    shown = Math.min(data.nodes.length, shown + step);
    draw();
  });
  document.getElementById('chart-co').addEventListener('change', function (e) {
    withCo = e.target.checked;
    if (network) draw();
  });
  document.getElementById('chart-fit').addEventListener('click', function () { if (network) network.fit(); });

  // search by any spelling: every entity of the report; those in the chart are selected
  var search = document.getElementById('chart-search');
  var results = document.getElementById('chart-results');
  search.addEventListener('input', function () {
    var q = d.fold(search.value.trim());
    results.innerHTML = '';
    if (q.length < 2) return;
    var hits = [];
    for (var i = 0; i < names.length && hits.length < 12; i++) {
      var n = names[i];
      var sp = [n[1]].concat(n[4]);
      var hit = sp.filter(function (s) { return d.fold(s).indexOf(q) >= 0; })[0];
      if (hit) hits.push([n, hit]);
    }
    hits.forEach(function (h) {
      var n = h[0];
      var li = document.createElement('li');
      var inChart = -1;
      if (drawn[n[0]]) inChart = 1;
      li.innerHTML = '<a href="' + d.esc(n[3]) + '">' + '<span aria-hidden="true">' + (d.glyph[n[2]] || '') + '</span> ' +
        d.esc(n[1]) + '</a>' + (h[1] !== n[1] ? ' <span class="muted">(written ' + d.esc(h[1]) + ')</span>' : '') +
        (inChart >= 0 ? ' <button type="button">show in chart</button>' : ' <span class="muted">not in the chart</span>');
      var b = li.querySelector('button');
      if (b) b.addEventListener('click', function () {
        select(n[0]);
        network.focus(n[0], { scale: 1.2, animation: false });
      });
      results.appendChild(li);
    });
  });

  window.dossierChart = {
    network: function () { return network; },
    ready: function () { return ready; },
    // the node's centre in page coordinates (for a real click)
    pagePosition: function (id) {
      var p = network.getPositions([id])[id];
      if (!p) return null;
      var dom = network.canvasToDOM(p);
      var r = el.getBoundingClientRect();
      if (dom.x < 10 || dom.y < 10 || dom.x > r.width - 10 || dom.y > r.height - 10) {
        // off the visible part: bring it to the middle first
        network.focus(id, { animation: false });
        dom = network.canvasToDOM(p);
      }
      return { x: r.left + window.scrollX + dom.x, y: r.top + window.scrollY + dom.y };
    },
    clickNode: select,
    unselect: unselect
  };
  var start = d.hashParam('entity');
  if (start && network) network.once('stabilizationIterationsDone', function () { select(start); });
})();
