// The timeline of signings (vis-timeline): one item per dated signing, zoom by year and month,
// a filter by entity (the link chart's clicks, or #entity=ID), details of the selected signing,
// and the table below kept to the same filter. window.dossierTimeline is the page's handle.
(function () {
  'use strict';
  var d = window.dossier;
  var all = window.DOSSIER_SIGNINGS || [];
  var el = document.getElementById('timeline');
  if (!el) return;
  var up = '';
  var byN = {};
  all.forEach(function (s) { byN[s.n] = s; });

  function dayAfter(iso) {
    var t = new Date(iso + 'T00:00:00Z');
    t.setUTCDate(t.getUTCDate() + 1);
    return t.toISOString().slice(0, 10);
  }
  function dated(s) {
    return s.start && s.precision !== 'no year' && s.precision !== 'none';
  }
  function shortDate(s) {
    if (s.precision === 'month') return s.start.slice(0, 7);
    if (s.precision === 'year') return s.start.slice(0, 4);
    return s.end && s.end !== s.start ? s.start + ' – ' + s.end.slice(s.end.slice(0, 4) === s.start.slice(0, 4) ? 5 : 0) : s.start;
  }
  // every signing is a box at its start (a two-day range would be a sliver at most zooms); the
  // label says the whole date
  function itemOf(s) {
    var label = s.instrument.length > 48 ? s.instrument.slice(0, 46) + '…' : s.instrument;
    return {
      id: s.n,
      content: d.esc(label) + '<br><span class="when">' + d.esc(shortDate(s)) + ' · ' + d.esc(s.precision) + '</span>',
      start: s.start,
      type: 'box',
      title: d.esc(s.instrument + ' — ' + shortDate(s) + ' (' + s.precision + ')'),
      className: 'conf-' + s.confidence
    };
  }
  // the window around some signings, with room for their labels
  function windowOf(list) {
    var ds = list.filter(dated);
    if (!ds.length) return null;
    var lo = Infinity, hi = -Infinity;
    ds.forEach(function (s) {
      lo = Math.min(lo, Date.parse(s.start + 'T00:00:00Z'));
      hi = Math.max(hi, Date.parse(s.end + 'T00:00:00Z'));
    });
    var pad = Math.max((hi - lo) * 0.2, 1000 * 60 * 60 * 24 * 120);
    return { start: new Date(lo - pad), end: new Date(hi + pad) };
  }
  function fitTo(list) {
    var w = windowOf(list);
    if (timeline && w) timeline.setWindow(w.start, w.end, { animation: false });
  }
  var datedAll = all.filter(dated);
  var items = datedAll.map(itemOf);
  var years = [];
  datedAll.forEach(function (s) {
    var y = s.start.slice(0, 4);
    if (years.indexOf(y) < 0) years.push(y);
  });
  years.sort();

  var zoom = document.getElementById('tl-zoom');
  var month = document.getElementById('tl-month');
  years.forEach(function (y) {
    var o = document.createElement('option');
    o.value = y; o.textContent = y;
    zoom.appendChild(o);
  });

  // many signings: open on the year with the most, not on every year at once
  var MANY = 120;
  function busiestYear(list) {
    var count = {};
    list.filter(dated).forEach(function (s) { var y = s.start.slice(0, 4); count[y] = (count[y] || 0) + 1; });
    var best = null;
    Object.keys(count).sort().forEach(function (y) { if (best === null || count[y] >= count[best]) best = y; });
    return best;
  }
  function yearWindow(y) {
    var yi = parseInt(y, 10);
    return { start: new Date(Date.UTC(yi, 0, 1)), end: new Date(Date.UTC(yi + 1, 0, 1)) };
  }
  var timeline = null;
  if (items.length && window.vis && window.vis.Timeline) {
    var w0 = datedAll.length > MANY ? yearWindow(busiestYear(all)) : windowOf(all);
    timeline = new window.vis.Timeline(el, items, {
      start: w0.start,
      end: w0.end,
      stack: true,
      orientation: 'top',
      zoomMin: 1000 * 60 * 60 * 24 * 7,
      margin: { item: 6 },
      minHeight: '180px',
      maxHeight: '420px',
      selectable: true,
      showCurrentTime: false
    });
    if (datedAll.length > MANY) {
      zoom.value = busiestYear(all);
      month.disabled = false;
    }
    timeline.on('select', function (p) { detail(p.items.length ? byN[p.items[0]] : null); });
  } else {
    el.classList.add('empty');
    el.textContent = items.length ? 'The timeline could not be drawn; the table below lists the signings.'
      : 'No dated signing in this report.';
  }

  function refLink(r) {
    var g = d.glyph[r.kind] || '';
    var t = '<span aria-hidden="true">' + g + '</span> ' + d.esc(r.name);
    return r.href ? '<a class="ent k-' + r.kind + '" href="' + up + d.esc(r.href) + '">' + t + '</a>'
      : '<span class="ent k-' + r.kind + '">' + t + '</span>';
  }
  function detail(s) {
    var box = document.getElementById('tl-detail');
    if (!box) return;
    if (!s) { box.innerHTML = ''; return; }
    var h = '<h3>' + d.esc(s.instrument) + '</h3><dl class="facts">';
    h += '<dt>Date</dt><dd>' + (dated(s) ? d.esc(s.start) + (s.end !== s.start ? ' – ' + d.esc(s.end) : '') +
      ' (' + d.esc(s.precision) + ')' : d.esc(undatedLabel(s))) +
      (s.date_text ? ', written “' + d.esc(s.date_text) + '”' : '') +
      (s.date_from !== 'clause' && s.date_from !== 'none' ? ', from the ' + d.esc(s.date_from) : '') + '</dd>';
    h += '<dt>Parties</dt><dd>' + (s.parties.map(refLink).join(', ') || '—') + '</dd>';
    if (s.agreement) h += '<dt>Agreement</dt><dd>' + refLink(s.agreement) + '</dd>';
    h += '<dt>Place</dt><dd>' + (s.place ? refLink(s.place) : '—') + '</dd>';
    h += '<dt>Sources</dt><dd>' + s.sources.map(function (x) {
      return '<a href="' + up + d.esc(x.href) + '">' + d.esc(x.article) + ', line ' + x.line + '</a>';
    }).join('<br>') + '</dd>';
    h += '<dt>Confidence</dt><dd>' + d.esc(s.confidence) + '</dd></dl>';
    box.innerHTML = h;
  }

  // signings the time axis cannot place: a date without a year, or none
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  function undatedLabel(s) {
    if (s.precision === 'no year' && s.start) {
      var m = parseInt(s.start.slice(2, 4), 10);
      var day = s.start.length > 5 ? parseInt(s.start.slice(5, 7), 10) + ' ' : '';
      return day + MONTHS[m - 1] + ', year not stated';
    }
    return 'no date';
  }
  function drawUndated(list) {
    var box = document.getElementById('tl-undated');
    if (!box) return;
    box.innerHTML = '';
    var rest = list.filter(function (s) { return !dated(s); });
    if (!rest.length) { box.hidden = true; return; }
    box.hidden = false;
    var h = document.createElement('span');
    h.className = 'muted';
    h.textContent = 'Not on the time axis: ';
    box.appendChild(h);
    var LIMIT = 24;
    rest.slice(0, LIMIT).forEach(function (s) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip conf-' + s.confidence;
      b.setAttribute('data-n', s.n);
      var strong = document.createElement('strong');
      strong.textContent = s.instrument;
      b.appendChild(strong);
      b.appendChild(document.createTextNode(' — ' + undatedLabel(s)));
      b.addEventListener('click', function () {
        if (timeline) timeline.setSelection([]);
        detail(s);
      });
      box.appendChild(b);
    });
    if (rest.length > LIMIT) {
      var more = document.createElement('span');
      more.className = 'muted';
      more.textContent = '… and ' + (rest.length - LIMIT) + ' more in the table below';
      box.appendChild(more);
    }
  }
  drawUndated(all);

  var current = null;
  function filter(id, label) {
    current = id || null;
    var shown = all.filter(function (s) { return !current || s.ents.indexOf(current) >= 0; });
    var ids = {};
    shown.forEach(function (s) { ids[s.n] = true; });
    if (timeline) {
      timeline.setItems(shown.filter(dated).map(itemOf));
      if (shown.filter(dated).length > MANY) {
        var by = busiestYear(shown);
        zoom.value = by;
        zoomTo(by, '');
      } else {
        zoom.value = 'all';
        fitTo(shown);
      }
    }
    drawUndated(shown);
    var rows = document.querySelectorAll('#signings tbody tr');
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = !ids[rows[i].getAttribute('data-n')];
    }
    var f = document.getElementById('tl-filter');
    var clear = document.getElementById('tl-clear');
    if (f) f.textContent = current ? 'Signings of ' + (label || current) + ': ' + shown.length : '';
    if (clear) clear.hidden = !current;
    var c = document.getElementById('tl-count');
    if (c) c.textContent = current ? shown.length + ' of ' + all.length : String(all.length);
    detail(null);
    return shown.length;
  }
  function zoomTo(y, m) {
    if (!timeline) return;
    if (!y || y === 'all') { fitTo(current ? all.filter(function (s) { return s.ents.indexOf(current) >= 0; }) : all); month.disabled = true; return; }
    month.disabled = false;
    var yi = parseInt(y, 10);
    if (m) {
      var mi = parseInt(m, 10);
      timeline.setWindow(new Date(Date.UTC(yi, mi - 1, 1)), new Date(Date.UTC(yi, mi, 1)), { animation: false });
    } else {
      timeline.setWindow(new Date(Date.UTC(yi, 0, 1)), new Date(Date.UTC(yi + 1, 0, 1)), { animation: false });
    }
  }
  zoom.addEventListener('change', function () { month.value = ''; zoomTo(zoom.value, ''); });
  month.addEventListener('change', function () { zoomTo(zoom.value, month.value); });
  var clearBtn = document.getElementById('tl-clear');
  if (clearBtn) clearBtn.addEventListener('click', function () {
    filter(null);
    if (window.dossierChart) window.dossierChart.unselect();
  });

  window.dossierTimeline = {
    timeline: timeline,
    filter: filter,
    zoomTo: zoomTo,
    // the ids of the items drawn (for tests)
    visibleIds: function () {
      return timeline ? timeline.itemsData.get().map(function (i) { return i.id; }) : [];
    },
    current: function () { return current; }
  };

  var start = d.hashParam('entity');
  if (start) {
    var label = start;
    (window.DOSSIER_NAMES || []).some(function (n) { if (n[0] === start) { label = n[1]; return true; } return false; });
    filter(start, label);
  }
  var y = d.hashParam('year');
  if (y) { zoom.value = y; zoomTo(y, ''); }
})();
