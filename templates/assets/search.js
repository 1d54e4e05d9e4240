/*
 * The search page (templates/search.html): the box, the index files and the result list.
 * Matching, ranking and snippets are in search-core.js (the global IrrtSearch), loaded first.
 *
 * No dependencies, no inline handlers, no eval, no innerHTML: every result is built with
 * createElement/textContent, so index data can never become markup.
 *
 * Index files (see irrtsite/search.py for their format):
 *   search-index.json   titles, summaries, tags and the first words of every item, with the
 *                       type labels, month names and right-to-left languages results show;
 *                       fetched the first time the box is used (typing, or ?q=);
 *   search/text-*.json  the full text in shards, fetched only when a query's results could
 *                       still change with body text (or at once when it is all small), then
 *                       folded a slice at a time and the results refined.
 * The script tag's data-index names the index; the spec's full search.json works too, and
 * when data-index names search.json the compact search-index.json beside it is tried first.
 * search.json has no room for the tables, so with it they come from data-labels
 * (search/labels.json, written by the same build).
 */
(() => {
  'use strict';

  const core = window.IrrtSearch;
  const DEBOUNCE_MS = 80;
  const SHARD_CONCURRENCY = 3;
  const PREFETCH_BYTES = 512000; // all the text is fetched with the index when no bigger
  const FOLD_SLICE_MS = 12; // arriving text is folded in slices this long
  const RERUN_MS = 150; // results are refined at most this often while text arrives
  const SNIPPET_CHARS = 200;

  // Only set while this file runs, not later in a DOMContentLoaded listener.
  const currentScript = document.currentScript;

  // ---------------------------------------------------------------- fetching

  async function fetchJson(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    return response.json();
  }

  /** Where to look for the index, in order: [{url, labels (URL of the tables, or null)}]. */
  function indexSources(indexUrl, labelsUrl) {
    const sources = [{ url: indexUrl.href, labels: labelsUrl }];
    if (/(^|\/)search\.json$/.test(indexUrl.pathname)) {
      sources.unshift({ url: new URL('search-index.json', indexUrl).href, labels: null });
    }
    return sources;
  }

  /** The first index that loads; search.json's tables come with it, if they load too. */
  async function fetchIndex(sources) {
    let error = null;
    for (const source of sources) {
      try {
        const [data, labels] = await Promise.all([
          fetchJson(source.url),
          source.labels ? fetchJson(source.labels).catch(() => null) : null,
        ]);
        return core.readIndex(data, source.url, labels);
      } catch (e) {
        error = e;
      }
    }
    throw error;
  }

  // ---------------------------------------------------------------- the index and its text

  function loadIndex(st) {
    if (!st.loading) {
      st.loading = fetchIndex(st.sources).then((index) => {
        st.index = index;
        const textBytes = index.shards.reduce((sum, s) => sum + (Number(s.bytes) || Infinity), 0);
        if (index.shards.length && textBytes <= PREFETCH_BYTES) {
          loadText(st);
        }
        return index;
      });
      st.loading.catch(() => {
        st.loading = null; // try again with the next query
      });
    }
    return st.loading;
  }

  /** Fetch the shards not asked for yet, a few at a time. */
  function loadText(st) {
    const waiting = st.index.shards.filter((s) => s.state === 'new');
    let active = st.index.shards.filter((s) => s.state === 'loading').length;
    const next = () => {
      const shard = waiting.shift();
      if (shard) {
        active += 1;
        loadShard(st, shard).then(() => {
          active -= 1;
          next();
        });
      }
    };
    while (active < SHARD_CONCURRENCY && waiting.length) {
      next();
    }
  }

  async function loadShard(st, shard) {
    shard.state = 'loading';
    try {
      const texts = core.shardTexts(st.index, shard, await fetchJson(shard.url));
      st.foldJobs.push({ shard, texts, next: 0 });
      if (!st.folding) {
        st.folding = window.setTimeout(() => foldSome(st), 0);
      }
    } catch {
      shard.state = 'failed'; // keep searching what we have (titles, summaries, heads)
      st.index.failed = true;
      settled(st);
    }
  }

  /** Fold arriving text for a few milliseconds, then let the page breathe. */
  function foldSome(st) {
    st.folding = 0;
    const until = performance.now() + FOLD_SLICE_MS;
    while (st.foldJobs.length && performance.now() < until) {
      const job = st.foldJobs[0];
      core.setText(st.index.items[job.shard.start + job.next], job.texts[job.next]);
      job.next += 1;
      if (job.next === job.texts.length) {
        st.foldJobs.shift();
        job.shard.state = 'done';
        settled(st);
      }
    }
    if (st.foldJobs.length) {
      st.folding = window.setTimeout(() => foldSome(st), 0);
    }
  }

  /** A shard is in (or failed): refine the results shown, soon. */
  function settled(st) {
    const complete = core.updateComplete(st.index);
    if (!st.rerun) {
      st.rerun = window.setTimeout(() => {
        st.rerun = 0;
        if (st.lastQuery !== null) {
          run(st, st.lastQuery, true);
        }
      }, complete ? 0 : RERUN_MS);
    }
  }

  // ---------------------------------------------------------------- rendering

  const languageNames = new Map();

  /** The language's own name ("Español"), from the browser; the code if it has none. */
  function languageName(code) {
    if (!languageNames.has(code)) {
      let name = code;
      try {
        const own = new Intl.DisplayNames([code, 'en'], { type: 'language' }).of(code);
        if (own && own !== code) {
          name = own.charAt(0).toLocaleUpperCase(code) + own.slice(1);
        }
      } catch {
        // no Intl.DisplayNames, or not a valid tag: show the code
      }
      languageNames.set(code, name);
    }
    return languageNames.get(code);
  }

  /** The item's link as the index gives it ("/intl/blog/..."), if it is a web address. */
  function safeHref(url) {
    try {
      const u = new URL(url, document.baseURI);
      return u.protocol === 'http:' || u.protocol === 'https:' ? url : null;
    } catch {
      return null;
    }
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text !== undefined) {
      el.textContent = text;
    }
    return el;
  }

  /** A snippet's parts as text nodes, matches in <mark>. */
  function appendParts(parent, parts) {
    for (const part of parts) {
      parent.append(part.mark ? element('mark', '', part.text) : part.text);
    }
  }

  function resultMeta(item, labels, page) {
    const meta = element('p', 'meta result-meta');
    meta.lang = page.lang;
    meta.dir = page.dir;
    meta.append(element('span', 'result-type', core.typeLabel(labels, item.type)));
    if (item.date) {
      const time = element('time', 'result-date', core.longDate(item.date, labels.months, labels.datePattern));
      time.dateTime = item.date; // the full ISO date-time, offset included
      meta.append(' · ', time);
    }
    if (item.lang) {
      const language = element('span', 'result-lang', languageName(item.lang));
      language.lang = item.lang;
      language.dir = item.dir;
      meta.append(' · ', language);
    }
    return meta;
  }

  function renderResult(item, terms, labels, page) {
    const li = element('li', 'result');
    li.lang = item.lang;
    li.dir = item.dir;
    const heading = element('h2', 'result-title');
    const href = safeHref(item.url);
    const link = element(href ? 'a' : 'span');
    appendParts(link, core.snippet(item.title, item.fTitle, terms, Infinity).parts);
    if (href) {
      link.setAttribute('href', href);
    }
    heading.append(link);
    li.append(heading, resultMeta(item, labels, page));
    const snippet = element('p', 'result-snippet');
    appendParts(snippet, core.resultSnippet(item, terms, SNIPPET_CHARS).parts);
    if (snippet.childNodes.length) {
      li.append(snippet);
    }
    return li;
  }

  function say(st, text) {
    if (st.status.textContent !== text) {
      st.status.textContent = text;
    }
  }

  function render(st, q, terms, found) {
    const { list, index } = st;
    // Keep keyboard focus on the same result when the list is refreshed.
    const focused = list.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
    const fragment = document.createDocumentFragment();
    for (const r of found.results.slice(0, core.LIMIT)) {
      fragment.append(renderResult(r.item, terms, index.labels, st.page));
    }
    list.replaceChildren(fragment);
    if (focused) {
      const again = Array.from(list.querySelectorAll('a')).find((a) => a.getAttribute('href') === focused);
      if (again) {
        again.focus();
      }
    }
    say(st, core.statusText(q, found, index));
    // What the list shows, for tests and anyone measuring: the query, and whether more
    // text is still coming for it; the event carries the timing of the last key.
    const complete = index.complete || !found.needText;
    list.dataset.query = q;
    list.dataset.state = complete ? 'complete' : 'partial';
    list.dispatchEvent(new CustomEvent('searchrendered', {
      detail: { query: q, count: found.results.length, complete, at: performance.now(), inputAt: st.inputAt },
    }));
  }

  function clear(st, q) {
    st.list.replaceChildren();
    delete st.list.dataset.query;
    delete st.list.dataset.state;
    say(st, q ? `No results for “${q}”` : '');
  }

  // ---------------------------------------------------------------- the page

  function syncUrl(q) {
    const url = new URL(window.location.href);
    if (q) {
      url.searchParams.set('q', q);
    } else {
      url.searchParams.delete('q');
    }
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, '', url.href);
    }
  }

  /** Search for `raw` and show the results; `refresh` when only the text known has changed. */
  async function run(st, raw, refresh = false) {
    const q = raw.trim();
    st.lastQuery = q;
    if (!refresh) {
      syncUrl(q);
    }
    const terms = core.parseQuery(q);
    if (!terms.length) {
      clear(st, q);
      return;
    }
    if (!st.index) {
      say(st, 'Loading the search index…');
      try {
        await loadIndex(st);
      } catch {
        say(st, 'Sorry, the search index could not be loaded. Please try again later.');
        return;
      }
      if (st.lastQuery !== q) {
        return; // the user typed on meanwhile
      }
    }
    const found = core.search(st.index, terms);
    render(st, q, terms, found);
    if (found.needText) {
      loadText(st);
    }
  }

  /** Arrow keys move between the box and the result links. */
  function arrowKeys(st) {
    const { input, list } = st;
    input.addEventListener('keydown', (event) => {
      const first = event.key === 'ArrowDown' ? list.querySelector('a') : null;
      if (first) {
        event.preventDefault();
        first.focus();
      }
    });
    list.addEventListener('keydown', (event) => {
      const links = Array.from(list.querySelectorAll('a'));
      const at = links.indexOf(document.activeElement);
      if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || at < 0) {
        return;
      }
      event.preventDefault();
      if (event.key === 'ArrowDown' && at + 1 < links.length) {
        links[at + 1].focus();
      } else if (event.key === 'ArrowUp') {
        (at > 0 ? links[at - 1] : input).focus();
      }
    });
  }

  function listen(st) {
    const { form, input } = st;
    input.addEventListener('input', () => {
      st.inputAt = performance.now();
      if (!st.index && input.value.trim()) {
        loadIndex(st).catch(() => {}); // run() says so if it still fails
      }
      window.clearTimeout(st.timer);
      st.timer = window.setTimeout(() => run(st, input.value), DEBOUNCE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      window.clearTimeout(st.timer);
      st.inputAt = performance.now();
      run(st, input.value);
    });
    arrowKeys(st);
  }

  /** The page's parts and the search's state, or null when this is not the search page. */
  function pageState() {
    const script = currentScript && currentScript.dataset.index ? currentScript
      : document.querySelector('script[data-index]');
    const st = {
      form: document.getElementById('search-form'),
      input: document.getElementById('search-q'),
      status: document.getElementById('search-status'),
      list: document.getElementById('search-results'),
    };
    if (!core || !st.form || !st.input || !st.status || !st.list || !script || !script.dataset.index) {
      return null;
    }
    const indexUrl = new URL(script.dataset.index, document.baseURI);
    const labelsUrl = script.dataset.labels ? new URL(script.dataset.labels, document.baseURI).href : null;
    return Object.assign(st, {
      sources: indexSources(indexUrl, labelsUrl),
      page: { lang: document.documentElement.lang || 'en', dir: document.documentElement.dir || 'ltr' },
      index: null, loading: null, foldJobs: [], folding: 0,
      timer: 0, rerun: 0, lastQuery: null, inputAt: 0,
    });
  }

  function start() {
    const st = pageState();
    if (!st) {
      return;
    }
    // The no-JavaScript note: gone from the status region (it would stay in its text), hidden elsewhere.
    for (const note of document.querySelectorAll('.nojs')) {
      if (st.status.contains(note)) {
        note.remove();
      } else {
        note.hidden = true;
      }
    }
    listen(st);
    const q = new URLSearchParams(window.location.search).get('q');
    if (q) {
      st.input.value = q;
      st.inputAt = performance.now();
      run(st, q);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
