/*
 * The search page (templates/search.html): the box, the index files and the result list.
 * Matching, ranking and snippets are in search-core.js (the global IrrtSearch), loaded first.
 *
 * No dependencies, no inline handlers, no eval, no innerHTML: every result is built with
 * createElement/textContent, so index data can never become markup.
 *
 * Index files (see irrtsite/search.py for their format):
 *   search-index.json     the manifest: where the term chunks, the words for typos and the
 *                         documents are; fetched the first time the box is used;
 *   search/terms/*.json   the term chunks a query's words fall in (and their prefixes');
 *   search/words/*.json   for a word of 5+ letters, the words sharing its first two letters
 *                         (typo tolerance), then the chunks of the near misses found;
 *   search/docs/*.json    one per result shown: title, date, language and the snippet text.
 * So a query costs the manifest, a few chunks and the results it shows, whatever the size
 * of the site. The script tag's data-index names the index; the spec's full search.json works
 * too (everything in memory; no typo tolerance nor listing fields), and when data-index names
 * search.json the split search-index.json beside it is tried first. search.json has no room
 * for the tables, so with it they come from data-labels (search/labels.json).
 */
(() => {
  'use strict';

  const core = window.IrrtSearch;
  const DEBOUNCE_MS = 80;
  const PAGE = 10; // results shown at first, and added by "More results"
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

  // ---------------------------------------------------------------- the index

  function loadIndex(st) {
    if (!st.loading) {
      st.loading = fetchIndex(st.sources).then((index) => {
        st.index = index;
        return index;
      });
      st.loading.catch(() => {
        st.loading = null; // try again with the next query
      });
    }
    return st.loading;
  }

  /** A file of the split index, fetched once (a failed fetch is tried again next time). */
  function file(st, url) {
    if (!st.files.has(url)) {
      const p = fetchJson(url);
      st.files.set(url, p);
      p.catch(() => st.files.delete(url));
    }
    return st.files.get(url);
  }

  /** url -> contents, for every url. */
  async function files(st, list) {
    const data = await Promise.all(list.map((u) => file(st, u)));
    return new Map(list.map((u, i) => [u, data[i]]));
  }

  /** The split index's answer: {results: [{doc, score}], marks} (chunks, then near misses). */
  async function lookUp(st, words) {
    const { index } = st;
    const first = core.plan(index, words);
    const [store, lists] = await Promise.all([files(st, first.chunks), files(st, first.words)]);
    const known = [...lists.values()].map((d) => (d && Array.isArray(d.words) ? d.words : []));
    const typos = words.map((w) => core.typoTerms(w, known));
    const more = core.plan(index, typos.flat().map((t) => ({ text: t, parts: [t], spaceless: true })));
    for (const [u, d] of await files(st, more.chunks.filter((u) => !store.has(u)))) {
      store.set(u, d);
    }
    return core.searchIndex(index, store, words, typos);
  }

  /** The items (documents) for results from `from` on, PAGE of them. */
  async function documents(st, results, from) {
    const { index } = st;
    const slice = results.slice(from, from + PAGE);
    const data = await Promise.all(slice.map((r) => file(st, core.docUrl(index, r.doc))));
    return data.map((d) => core.makeItem(d, index.labels));
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

  /** Show `items` (all the results, or the first PAGE of `total` with a "More results"
   *  button for the next ones, fetched when asked for). */
  function render(st, q, terms, items, total, more) {
    const { list, index } = st;
    const fragment = document.createDocumentFragment();
    for (const item of items) {
      fragment.append(renderResult(item, terms, index.labels, st.page));
    }
    list.replaceChildren(fragment);
    st.more.hidden = !more || items.length >= total;
    st.moreAction = null;
    if (more && items.length < total) {
      st.moreAction = async () => {
        const next = await more(items.length);
        if (st.lastQuery === q) {
          const first = list.children.length;
          for (const item of next) {
            items.push(item);
            list.append(renderResult(item, terms, index.labels, st.page));
          }
          st.more.hidden = items.length >= total;
          say(st, core.statusText(q, total, items.length));
          const link = list.children[first] && list.children[first].querySelector('a');
          if (link) {
            link.focus();
          }
        }
      };
    }
    say(st, core.statusText(q, total, items.length));
    // What the list shows, for tests and anyone measuring: the query; the event carries the
    // timing of the last key.
    list.dataset.query = q;
    list.dataset.state = 'complete';
    list.dispatchEvent(new CustomEvent('searchrendered', {
      detail: { query: q, count: total, complete: true, at: performance.now(), inputAt: st.inputAt },
    }));
  }

  function clear(st, q) {
    st.list.replaceChildren();
    st.more.hidden = true;
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

  /** Search for `raw` and show the results. */
  async function run(st, raw) {
    const q = raw.trim();
    st.lastQuery = q;
    syncUrl(q);
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
    try {
      if (st.index.split) {
        const words = core.queryWords(q);
        if (!words.length) {
          clear(st, q);
          return;
        }
        const found = await lookUp(st, words);
        if (st.lastQuery !== q) {
          return; // the user typed on meanwhile: no documents for this one
        }
        const more = (from) => documents(st, found.results, from);
        const items = found.results.length ? await more(0) : [];
        if (st.lastQuery === q) {
          render(st, q, found.marks, items, found.results.length, more);
        }
      } else {
        const found = core.search(st.index, terms);
        const items = found.results.slice(0, core.LIMIT).map((r) => r.item);
        render(st, q, terms, items, found.results.length, null);
      }
    } catch {
      if (st.lastQuery === q) {
        say(st, 'Sorry, the search index could not be loaded. Please try again later.');
      }
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
    st.more.addEventListener('click', () => {
      if (st.moreAction) {
        st.moreAction().catch(() => say(st, 'Sorry, more results could not be loaded.'));
      }
    });
    arrowKeys(st);
  }

  /** The "More results" button, after the list (hidden until there are more). */
  function moreButton(list) {
    const button = element('button', 'search-more', 'More results');
    button.type = 'button';
    button.hidden = true;
    list.after(button);
    return button;
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
      index: null, loading: null, files: new Map(), more: moreButton(st.list), moreAction: null,
      timer: 0, lastQuery: null, inputAt: 0,
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
