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

  /* Suggestions while typing: input[data-suggest] becomes a combobox (the WAI-ARIA
   * combobox pattern with list autocomplete) whose listbox shows the texts the server
   * suggests (GET data-suggest?q=…). Arrow keys move through them, Enter searches for the
   * one chosen, Escape closes the list; a click chooses too. Without this script the
   * field is a plain search field and the form works as before. */
  function setupSuggest(input) {
    var url = input.getAttribute('data-suggest');
    if (!url || !input.id || !window.fetch) return;
    var list = doc.createElement('ul');
    list.id = input.id + '-suggestions';
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    var label = doc.querySelector('label[for="' + cssEscape(input.id) + '"]');
    if (label) {
      if (!label.id) label.id = input.id + '-label';
      list.setAttribute('aria-labelledby', label.id);
    }
    input.parentNode.appendChild(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var active = -1, timer = null, seq = 0;

    function options() { return list.querySelectorAll('[role=option]'); }
    function mark(i) {
      var os = options();
      for (var k = 0; k < os.length; k++) os[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
      active = i;
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', os[i].id);
        if (os[i].scrollIntoView) os[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function close() {
      mark(-1);
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }
    function show(items) {
      list.textContent = '';
      for (var i = 0; i < items.length; i++) {
        var li = doc.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = items[i];
        list.appendChild(li);
      }
      active = -1;
      if (!items.length) { close(); return; }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function choose(li) {
      input.value = li.textContent;
      close();
      var form = input.form;
      if (!form) return;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
    function ask() {
      var v = input.value.trim();
      var mine = ++seq;
      if (v.length < 2) { close(); return; }
      fetch(url + '?q=' + encodeURIComponent(v), { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (d) {
          /* Only the answer to the latest question, and only while the field has focus. */
          if (mine === seq && doc.activeElement === input) show(d.suggestions || []);
        })
        .catch(function () { if (mine === seq) close(); });
    }
    input.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener('keydown', function (ev) {
      var n = options().length;
      if (ev.key === 'ArrowDown' || ev.key === 'Down') {
        if (!n) return;
        ev.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
        mark(active + 1 < n ? active + 1 : 0);
      } else if (ev.key === 'ArrowUp' || ev.key === 'Up') {
        if (!n || list.hidden) return;
        ev.preventDefault();
        mark(active > 0 ? active - 1 : n - 1);
      } else if (ev.key === 'Enter') {
        if (!list.hidden && active >= 0) { ev.preventDefault(); choose(options()[active]); }
      } else if (ev.key === 'Escape' || ev.key === 'Esc') {
        if (!list.hidden) { ev.preventDefault(); close(); }
      }
    });
    input.addEventListener('blur', close);
    /* Keep the focus in the field while an option is clicked. */
    list.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
    list.addEventListener('click', function (ev) {
      var li = ev.target.closest ? ev.target.closest('[role=option]') : null;
      if (li) choose(li);
    });
  }

  /* The static copy's search (leuchtturm site export): form#static-search filters the list
   * #static-results by the words of its data-index (search-index.json): every word typed
   * must begin a word of a practice's title, summary, organisation or kind, with case,
   * umlauts and ß folded. The search stays in the address (?q=), so it can be bookmarked.
   * The messages come from the page (data-none, data-one, data-many), so they are
   * translated. Without this file the page lists every practice and says how to find one. */
  function foldText(s) {
    var t = String(s).toLowerCase().replace(/ß/g, 'ss');
    if (t.normalize) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return ' ' + t.replace(/[^a-z0-9]+/g, ' ');
  }

  function setupStaticSearch(form) {
    var list = doc.getElementById('static-results');
    var status = doc.getElementById('static-search-status');
    var field = form.querySelector('input[name="q"]');
    if (!list || !status || !field || !window.fetch) return;
    var note = doc.getElementById('static-search-note');
    if (note) note.hidden = true;
    var index = null;

    function apply(q) {
      var words = foldText(q).split(' ').filter(Boolean);
      var shown = 0;
      for (var i = 0; i < list.children.length; i++) {
        var li = list.children[i];
        var text = index[li.getAttribute('data-slug')] || '';
        var hit = words.every(function (w) { return text.indexOf(' ' + w) >= 0; });
        li.hidden = !hit;
        if (hit) shown++;
      }
      if (!words.length) status.textContent = '';
      else if (shown === 0) status.textContent = status.getAttribute('data-none');
      else if (shown === 1) status.textContent = status.getAttribute('data-one');
      else status.textContent = status.getAttribute('data-many').replace('%d', String(shown));
    }

    function run(q) {
      if (index) { apply(q); return; }
      fetch(form.getAttribute('data-index')).then(function (r) { return r.json(); })
        .then(function (entries) {
          index = {};
          entries.forEach(function (e) { index[e.slug] = foldText(e.text); });
          apply(q);
        }).catch(function () { if (note) note.hidden = false; });
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      try { window.history.replaceState(null, '', '?q=' + encodeURIComponent(field.value)); } catch (e) { /* file: */ }
      run(field.value);
    });
    var m = /[?&]q=([^&]*)/.exec(window.location.search);
    if (m) {
      field.value = decodeURIComponent(m[1].replace(/\+/g, ' '));
      run(field.value);
    }
  }

  /* [data-local-time]: intentionally nothing — the server formats times (Europe/Berlin). */

  function init() {
    var fields = doc.querySelectorAll('textarea[data-maxlength], input[data-maxlength]');
    for (var i = 0; i < fields.length; i++) setupCounter(fields[i]);
    doc.addEventListener('submit', onSubmit);
    setupErrorSummary();
    setupTableWraps();
    var suggest = doc.querySelectorAll('input[data-suggest]');
    for (var k = 0; k < suggest.length; k++) setupSuggest(suggest[k]);
    var staticSearch = doc.getElementById('static-search');
    if (staticSearch) setupStaticSearch(staticSearch);
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
