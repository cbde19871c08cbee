/* Leuchtturm — progressive enhancement only. Every flow works without this file.
 * Plain ES2017, no libraries, no globals. */
(function () {
  'use strict';

  var doc = document;

  function cssEscape(s) {
    if (window.CSS && typeof window.CSS.escape === 'function') return window.CSS.escape(s);
    return String(s).replace(/[^a-zA-Z0-9_\u00A0-\uFFFF-]/g, function (c) { return '\\' + c; });
  }

  /* Character counters: ".counter[data-counter-for=ID]" shows "123 / 2000 Zeichen".
   * The words after the numbers (and the way the maximum is written) are taken from the
   * counter's server-rendered text, so any language works. */
  var COUNTER_RE = /^(\s*)([\d.,\s\u00a0\u202f]*?\d)(\s*\/\s*)([\d.,\u00a0\u202f]*\d)([\s\S]*)$/;

  function length(value) {
    /* count code points, not UTF-16 units, like the server does for Unicode text */
    var n = 0;
    for (var i = 0; i < value.length; i++) {
      var c = value.charCodeAt(i);
      if (c < 0xD800 || c > 0xDBFF) n++;
    }
    return n;
  }

  function setupCounter(field) {
    var max = parseInt(field.getAttribute('data-maxlength'), 10);
    if (!field.id || !(max > 0)) return;
    var counter = doc.querySelector('.counter[data-counter-for="' + cssEscape(field.id) + '"]');
    if (!counter) return;
    var m = COUNTER_RE.exec(counter.textContent || '');
    var lead = m ? m[1] : '';
    var sep = m ? m[3] : ' / ';
    var maxText = m ? m[4] : String(max);
    var rest = m ? m[5] : '';
    var live = false;

    function update() {
      var n = length(field.value);
      var text = lead + n + sep + maxText + rest;
      if (counter.textContent !== text) counter.textContent = text;
      var near = n >= max * 0.9;
      if (near !== live) {
        live = near;
        if (near) counter.setAttribute('aria-live', 'polite');
        else counter.removeAttribute('aria-live');
      }
      counter.classList.toggle('near', near && n <= max);
      counter.classList.toggle('over', n > max);
    }
    field.addEventListener('input', update);
    update();
  }

  /* Confirmation before submitting forms with data-confirm="question" (also on a submit button). */
  function onSubmit(ev) {
    var form = ev.target;
    if (!form || form.nodeName !== 'FORM') return;
    var btn = ev.submitter;
    var q = (btn && btn.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (q && !window.confirm(q)) ev.preventDefault();
  }

  /* Error summary: focus it on load; its links move focus to the field, keeping the label in view. */
  function setupErrorSummary() {
    var summary = doc.querySelector('.error-summary');
    if (!summary) return;
    if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
    summary.focus();
    summary.addEventListener('click', function (ev) {
      var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
      if (!a) return;
      var target = doc.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
      if (!target) return;
      var box = target.closest('fieldset') || target.closest('.field');
      var anchor = box ? (box.querySelector('legend') || box.querySelector('label')) : null;
      ev.preventDefault();
      (anchor || target).scrollIntoView({ block: 'start' });
      try { target.focus({ preventScroll: true }); } catch (e) { target.focus(); }
    });
  }

  /* Scrollable tables: make the wrapper reachable by keyboard, named by the caption. */
  function setupTableWraps() {
    var wraps = doc.querySelectorAll('.table-wrap');
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.scrollWidth <= w.clientWidth + 1 || w.hasAttribute('tabindex')) continue;
      var cap = w.querySelector('caption');
      w.setAttribute('tabindex', '0');
      w.setAttribute('role', 'region');
      if (cap) {
        if (!cap.id) cap.id = 'table-caption-' + (i + 1);
        w.setAttribute('aria-labelledby', cap.id);
      }
    }
  }

  /* Printing: open collapsed <details> so their text is on paper, restore afterwards. */
  var opened = [];
  function beforePrint() {
    var ds = doc.querySelectorAll('details:not([open])');
    for (var i = 0; i < ds.length; i++) { ds[i].open = true; opened.push(ds[i]); }
  }
  function afterPrint() {
    while (opened.length) opened.pop().open = false;
  }

  /* [data-local-time]: intentionally nothing — the server formats times (Europe/Berlin). */

  function init() {
    var fields = doc.querySelectorAll('textarea[data-maxlength], input[data-maxlength]');
    for (var i = 0; i < fields.length; i++) setupCounter(fields[i]);
    doc.addEventListener('submit', onSubmit);
    setupErrorSummary();
    setupTableWraps();
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
