// Shared helpers of the Dossier report's scripts. Data comes from data/*.js (globals), never
// from fetch (browsers block fetch of file://). Every string from the corpus is put into the
// page as text or escaped.
(function () {
  'use strict';
  var GLYPH = { country: '■', place: '▲', organization: '◆', person: '●', agreement: '★' };
  function esc(s) {
    return String(s == null ? '' : s)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  // lower case without diacritics, for search by any spelling
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
  }
  function hashParam(name) {
    var h = window.location.hash.replace(/^#/, '');
    var parts = h.split('&');
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split('=');
      if (kv[0] === name) return decodeURIComponent(kv.slice(1).join('='));
    }
    return null;
  }
  window.dossier = { esc: esc, fold: fold, glyph: GLYPH, hashParam: hashParam };
})();
