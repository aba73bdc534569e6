// HIY's dashboard: the pages are rendered by HIY; this script only keeps their live parts fresh, follows logs and
// sends the changes a user asks for to HIY's API, with the session's CSRF token in a header.
(() => {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf"]').content;
  const REFRESH_MS = 1500;
  const MAX_LINES = 1000;
  const streams = new Map();

  // Live parts: each [data-refresh] is fetched again and replaced when it changed, unless the user is typing in it.
  async function refresh() {
    if (document.hidden) return;
    for (const part of document.querySelectorAll('[data-refresh]')) {
      if (part.contains(document.activeElement) && document.activeElement.matches('input,select,textarea')) continue;
      try {
        const answer = await fetch(part.dataset.refresh, {credentials: 'same-origin', cache: 'no-store'});
        if (answer.status === 401) { location.reload(); return; }
        if (!answer.ok) continue;
        const html = await answer.text();
        if (part.dataset.shown !== html) { part.innerHTML = html; part.dataset.shown = html; }
      } catch (e) { /* HIY restarting: try again at the next round */ }
    }
    follow();
  }

  // Followed logs: each pre[data-follow] streams Server-Sent Events; a stream that ended is opened again shortly
  // (a new release has new processes), one that left the page is closed.
  function follow() {
    for (const [pre, source] of streams) {
      if (!pre.isConnected) { source.close(); streams.delete(pre); }
    }
    for (const pre of document.querySelectorAll('pre[data-follow]')) {
      if (!streams.has(pre)) open(pre);
    }
  }

  function open(pre) {
    const source = new EventSource(pre.dataset.follow);
    streams.set(pre, source);
    source.onmessage = ev => append(pre, ev.data);
    source.addEventListener('end', () => {
      source.close();
      if (pre.dataset.again === 'no') { append(pre, '--- the build ended'); return; }
      setTimeout(() => { if (pre.isConnected && streams.get(pre) === source) open(pre); }, 2000);
    });
  }

  function append(pre, line) {
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.append(line + '\n');
    while (pre.childNodes.length > MAX_LINES) pre.firstChild.remove();
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  // The log's process filter follows the chosen process only.
  document.addEventListener('change', ev => {
    const select = ev.target.closest('select[data-filter]');
    if (!select) return;
    const pre = document.getElementById(select.dataset.filter);
    const base = pre.dataset.base;
    const source = streams.get(pre);
    if (source) { source.close(); streams.delete(pre); }
    pre.textContent = '';
    pre.dataset.follow = select.value ? base + '&process=' + encodeURIComponent(select.value) : base;
    open(pre);
  });

  // Changes: a form or button with data-api="METHOD URL" sends its request to the API and shows the answer (and,
  // while a health-gated change runs, for how long it has waited) in the output next to it.
  async function send(el, method, url, body) {
    const out = el.closest('[data-action]').querySelector('output');
    if (el.dataset.confirm && !confirm(el.dataset.confirm)) return;
    const started = Date.now();
    const label = el.dataset.progress || 'Working';
    out.className = 'muted';
    out.textContent = label + '…';
    const tick = setInterval(() => {
      out.textContent = label + '… ' + Math.round((Date.now() - started) / 1000) + ' s';
    }, 500);
    try {
      const answer = await fetch(url, {
        method, credentials: 'same-origin',
        headers: Object.assign({'X-HIY-CSRF': csrf}, body === undefined ? {} : {'Content-Type': 'application/json'}),
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      const text = await answer.text();
      let said = {};
      try { said = JSON.parse(text); } catch (e) { said = {error: text}; }
      out.className = answer.ok ? 'ok' : 'fail';
      out.textContent = answer.ok ? done(said) : 'Refused (' + answer.status + '): ' + (said.error || text);
      if (answer.ok) refresh();
    } catch (e) {
      out.className = 'fail';
      out.textContent = 'HIY did not answer (' + e.message + '); try again once it is back.';
    } finally {
      clearInterval(tick);
    }
  }

  function done(said) {
    const lines = ['Done' + (said.release ? ': ' + said.release + ' is live' : '') + '.'
      + (said.release === null ? ' Stored; it goes live at the next restart.' : '')];
    for (const l of said.log || []) lines.push(l);
    return lines.join('\n');
  }

  document.addEventListener('click', ev => {
    const button = ev.target.closest('button[data-api]');
    if (!button) return;
    ev.preventDefault();
    const [method, url] = button.dataset.api.split(' ');
    const body = button.dataset.body === undefined ? undefined : JSON.parse(button.dataset.body);
    send(button, method, url, body);
  });

  document.addEventListener('submit', ev => {
    const form = ev.target.closest('form[data-api]');
    if (!form) return;
    ev.preventDefault();
    const [method, base] = form.dataset.api.split(' ');
    const fields = new FormData(form);
    let url = base;
    let body = {};
    if (form.dataset.shape === 'config') {
      body[fields.get('key')] = fields.get('value');
      if (fields.get('norestart')) url += '?restart=0';
    } else {
      for (const [name, value] of fields) body[name] = Number(value);
    }
    send(form, method, url, body);
  });

  // A report that takes a while (doctor's checks): fetched when asked for, shown as text.
  document.addEventListener('click', async ev => {
    const button = ev.target.closest('button[data-load]');
    if (!button) return;
    const out = button.closest('[data-action]').querySelector('output');
    out.textContent = (button.dataset.progress || 'Working') + '…';
    button.disabled = true;
    try {
      const answer = await fetch(button.dataset.load, {credentials: 'same-origin', cache: 'no-store'});
      out.textContent = await answer.text();
    } finally {
      button.disabled = false;
    }
  });

  // Config values are masked until asked for: they come from the API, for users who may change the app.
  document.addEventListener('click', async ev => {
    const button = ev.target.closest('button[data-reveal]');
    if (!button) return;
    const answer = await fetch(button.dataset.reveal, {credentials: 'same-origin', cache: 'no-store'});
    const said = await answer.json();
    const table = button.closest('[data-action]');
    if (!answer.ok) { table.querySelector('output').textContent = said.error; return; }
    for (const cell of table.querySelectorAll('td[data-key]')) cell.textContent = said.vars[cell.dataset.key] ?? '';
  });

  follow();
  setInterval(refresh, REFRESH_MS);
})();
