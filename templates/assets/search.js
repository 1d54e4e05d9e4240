/*
 * Site search for the search page (templates/search.html), in the browser.
 *
 * No dependencies, no inline handlers, no eval, no innerHTML: every result is built with
 * createElement/textContent, so index data can never become markup.
 *
 * Index files (see irrtsite/search.py for their format):
 *   search-index.json  titles, summaries, tags and the first words of every item,
 *                      fetched the first time the box is used (typing, or ?q=);
 *   search/text-*.json the full text in shards, fetched only when a query's results
 *                      could still change with body text (or at once when it is all
 *                      small), then folded a slice at a time and the results refined.
 * The script tag's data-index names the index; the spec's full search.json works too, and
 * when data-index names search.json the compact search-index.json beside it is tried first.
 *
 * Matching: accents, case, Arabic harakat/tatweel and alef variants are folded
 * away on both sides; every query word must match (AND); a title match beats a
 * summary or tag match, which beats a body match; an exact word beats a word
 * prefix, which beats a substring. Scripts written without spaces (Chinese,
 * Japanese, Korean, Thai...) match as substrings.
 */
(() => {
  'use strict';

  const LIMIT = 50;
  const DEBOUNCE_MS = 80;
  const SHARD_CONCURRENCY = 3;
  const PREFETCH_BYTES = 512000;     // all the text is fetched with the index when no bigger
  const TYPE_LABELS = {
    page: 'Page', post: 'Blog post', event: 'Event', 'leads-issue': 'Leads issue',
    'leads-article': 'Leads article', sister: 'Sister library',
  };
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  // Fallback when the index does not list its right-to-left languages (mirrors languages.py).
  const RTL_LANGS = new Set(['ar', 'arc', 'arz', 'ary', 'azb', 'bal', 'ckb', 'dv', 'fa', 'glk',
    'he', 'ks', 'lrc', 'mzn', 'pnb', 'prs', 'ps', 'sd', 'skr', 'syr', 'ug', 'ur', 'yi']);
  const RTL_SCRIPTS = new Set(['adlm', 'arab', 'hebr', 'mand', 'nkoo', 'rohg', 'samr', 'syrc', 'thaa']);

  // Scores: field tier * 10 + match quality.
  const TITLE = 30, META = 20, BODY = 10;
  const EXACT = 3, PREFIX = 2, SUBSTRING = 1;

  // ---------------------------------------------------------------- folding

  const STRIP = /[\p{M}\u0640\u00AD\u200B-\u200F\u2060\uFEFF]/gu;   // marks, tatweel, invisibles
  const SWAP = {
    '\u0671': '\u0627', '\u0672': '\u0627', '\u0673': '\u0627', '\u0675': '\u0627',  // alef variants
    '\u0649': '\u064A', '\u06CC': '\u064A', '\u0629': '\u0647', '\u06A9': '\u0643',
    '\u03C2': '\u03C3', '\u2018': "'", '\u2019': "'", '\u02BC': "'", '\u00DF': 'ss',
  };
  const SWAP_RE = /[\u0671\u0672\u0673\u0675\u0649\u06CC\u0629\u06A9\u03C2\u2018\u2019\u02BC\u00DF]/g;

  /** Case, accents and Arabic diacritics folded away: "Públicas" -> "publicas".
   *  (أ إ آ decompose to ا + a hamza/madda mark under NFKD, so they fold to ا.) */
  function fold(text) {
    const lower = text.toLowerCase();
    return ASCII.test(lower) ? lower : lower.replace(NON_ASCII, foldRun);
  }
  // Only runs of non-ASCII characters need the slow part (ASCII folds to itself, and the
  // marks NFKD splits off are non-ASCII, so a run folds the same alone as in its text).
  function foldRun(run) {
    return run.normalize('NFKD').replace(STRIP, '').replace(SWAP_RE, (c) => SWAP[c]);
  }
  const ASCII = /^[\x00-\x7F]*$/;
  const NON_ASCII = /[^\x00-\x7F]+/g;

  /** fold(text).length, without folding plain ASCII (which folds one to one). */
  function foldedLength(text) {
    return ASCII.test(text) ? text.length : fold(text).length;
  }

  const WORD = /[\p{L}\p{N}]/u;
  const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
  const ARABIC = /^[\u0600-\u06FF]/;
  const SPLIT = /[\s,;:!?"“”„«»()[\]{}<>|\u3000-\u3003\u3008-\u3011\u060C\u061B\u061F\u06D4]+/u;
  const TRIM = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

  function isWord(s, i) {
    return i >= 0 && i < s.length && WORD.test(s[i]);
  }

  /** Arabic: a word may start after the article ال (also لل, وال, بال, فال, كال), and a
   *  word given with its article after a one-letter proclitic (و ف ب ك ل + ال...). */
  function afterArabicArticle(s, i, t) {
    if (i >= 1 && t.startsWith('\u0627\u0644') && '\u0648\u0641\u0628\u0643\u0644'.includes(s[i - 1])
        && !isWord(s, i - 2)) return true;
    if (i < 2) return false;
    const a = s[i - 2], b = s[i - 1];
    if (a === '\u0627' && b === '\u0644') {
      const j = i - 2;
      if (!isWord(s, j - 1)) return true;
      return '\u0648\u0641\u0628\u0643\u0644'.includes(s[j - 1]) && !isWord(s, j - 2);
    }
    return a === '\u0644' && b === '\u0644' && !isWord(s, i - 3);
  }

  function parseQuery(raw) {
    const terms = [];
    for (const part of fold(raw).split(SPLIT)) {
      const term = part.replace(TRIM, '');
      if (term && !terms.some((t) => t.text === term)) {
        terms.push({ text: term, spaceless: NO_SPACES.test(term), arabic: ARABIC.test(term) });
      }
    }
    return terms;
  }

  /** 0 (no match), SUBSTRING, PREFIX or EXACT for one term in one folded field. */
  function quality(hay, term) {
    if (!hay) return 0;
    const t = term.text;
    let i = hay.indexOf(t);
    if (i < 0) return 0;
    if (term.spaceless) return EXACT;
    let best = SUBSTRING;
    for (let n = 0; i >= 0 && n < 64; n += 1) {
      if (!isWord(hay, i - 1) || (term.arabic && afterArabicArticle(hay, i, t))) {
        if (!isWord(hay, i + t.length)) return EXACT;
        best = PREFIX;
      }
      i = hay.indexOf(t, i + 1);
    }
    return best;
  }

  // ---------------------------------------------------------------- the index

  function isRtl(lang, rtl) {
    if (rtl) return rtl.has(lang);
    const parts = lang.toLowerCase().split('-');
    const script = parts.slice(1).find((p) => p.length === 4);
    return script ? RTL_SCRIPTS.has(script) : RTL_LANGS.has(parts[0]);
  }

  function makeItem(url, title, type, date, lang, tags, summary, head, text, rtlSet) {
    const item = {
      url: String(url || ''), title: String(title || ''), type: String(type || ''),
      date: typeof date === 'string' && date ? date : null, lang: String(lang || ''),
      tags: Array.isArray(tags) ? tags.map(String) : [], summary: String(summary || ''),
      head: String(head || ''), text: typeof text === 'string' ? text : null,
    };
    item.rtl = isRtl(item.lang, rtlSet);
    item.fTitle = fold(item.title);
    item.fMeta = fold(item.summary + '\n' + item.tags.join('\n'));
    item.fHead = fold(item.head);
    item.fText = item.text === null ? null : fold(item.text);
    return item;
  }

  /** Either format -> {items, shards: [{url, start, count, state}], complete}. */
  function readIndex(data, url) {
    if (!data || data.version !== 1 || !Array.isArray(data.items)) throw new Error('not a search index');
    if (data.format === 'irrtsite-search-index') {
      const types = data.types || [], tags = data.tags || [];
      const rtl = Array.isArray(data.rtl) ? new Set(data.rtl) : null;
      const items = data.items.map((r) => makeItem(r[0], r[1], types[r[2]], r[3], r[4],
        (r[5] || []).map((k) => tags[k]), r[6], r[7], null, rtl));
      let start = 0;
      const shards = (data.shards || []).map((s) => {
        const shard = { url: new URL(s.url, url).href, start, count: s.count, bytes: s.bytes,
          state: 'new' };
        start += s.count;
        return shard;
      });
      return { items, shards, complete: shards.length === 0 };
    }
    const items = data.items.map((e) => makeItem(e.url, e.title, e.type, e.date, e.lang, e.tags,
      e.summary, '', typeof e.text === 'string' ? e.text : '', null));
    return { items, shards: [], complete: true };
  }

  async function fetchJson(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  // ---------------------------------------------------------------- search

  /** Score every item; returns {results (best first), needText}. */
  function search(index, terms) {
    const results = [];
    const phrase = terms.map((t) => t.text).join(' ');
    let textBound = 0;        // best score an item without its full text could still reach
    for (let i = 0; i < index.items.length; i += 1) {
      const item = index.items[i];
      let score = 0, bound = 0, all = true, improvable = false;
      for (const term of terms) {
        let best = 0;
        const qt = quality(item.fTitle, term);
        if (qt) best = TITLE + qt;
        else {
          const qm = quality(item.fMeta, term);
          if (qm) best = META + qm;
        }
        let known = best;
        if (!best) {
          const qb = quality(item.fText === null ? item.fHead : item.fText, term);
          if (qb) best = BODY + qb;
        }
        if (item.fText === null && known < META) {   // the full text could still add or improve
          improvable = true;
          known = BODY + EXACT;
        }
        bound += Math.max(known, best);
        if (!best) all = false;
        score += best;
      }
      if (improvable && bound > textBound) textBound = bound;
      if (all) {
        if (item.fTitle === phrase) score += 5;          // the whole title, exactly
        results.push({ item, score, order: i });
      }
    }
    results.sort((a, b) => b.score - a.score
      || (a.item.date === null ? 0 : 1) - (b.item.date === null ? 0 : 1)
      || (a.item.date && b.item.date && b.item.date.localeCompare(a.item.date))
      || a.order - b.order);
    // Body text can only change what is shown if an item without it could still reach the
    // list (or move up in it): fewer results than we show, or the last one shown scores lower.
    const needText = !index.complete && textBound > 0
      && (results.length < LIMIT || results[LIMIT - 1].score < textBound);
    return { results, needText };
  }

  // ---------------------------------------------------------------- snippets

  /** Index in `src` where the word holding folded position `pos` (of fold(src)) starts. */
  function locate(src, pos) {
    const words = /\S+/g;
    let folded = 0, prevEnd = 0, m;
    while ((m = words.exec(src)) !== null) {
      folded += m.index - prevEnd;              // white space folds one to one
      const length = foldedLength(m[0]);
      if (folded + length > pos) {
        // inside a long run without spaces (CJK): walk it code point by code point
        let f = folded, k = m.index;
        for (const ch of m[0]) {
          const l = foldedLength(ch);
          if (f + l > pos) return k;
          f += l;
          k += ch.length;
        }
        return m.index;
      }
      folded += length;
      prevEnd = m.index + m[0].length;
    }
    return src.length;
  }

  function clampStart(src, i) {
    return i > 0 && i < src.length && /[\uDC00-\uDFFF]/.test(src[i]) ? i - 1 : i;
  }

  /** Append `src` (or a window of it around the first match) to `parent`, terms in <mark>. */
  function appendSnippet(parent, src, fsrc, terms, maxChars) {
    let first = -1;
    for (const term of terms) {
      const i = fsrc.indexOf(term.text);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    let start = 0, end = src.length;
    if (src.length > maxChars) {
      const at = first < 0 ? 0 : locate(src, first);
      start = Math.max(0, at - Math.floor(maxChars / 3));
      if (start > 0) {
        const space = src.indexOf(' ', start);
        if (space >= 0 && space < at && space - start < 24) start = space + 1;
      }
      end = Math.min(src.length, start + maxChars);
      if (end < src.length) {
        const space = src.lastIndexOf(' ', end);
        if (space > at && end - space < 24) end = space;
      }
      start = clampStart(src, start);
      end = clampStart(src, end);
    }
    // Fold the window one code point at a time, remembering where each folded char came from.
    const windowText = src.slice(start, end);
    let folded = '';
    const from = [], to = [];
    let k = start;
    for (const ch of windowText) {
      const f = fold(ch);
      for (let j = 0; j < f.length; j += 1) { from.push(k); to.push(k + ch.length); }
      folded += f;
      k += ch.length;
      if (!f && to.length) to[to.length - 1] = k;    // a mark belongs to the char before it
    }
    const ranges = [];
    for (const term of terms) {
      let i = folded.indexOf(term.text);
      while (i >= 0) {
        ranges.push([from[i], to[i + term.text.length - 1]]);
        i = folded.indexOf(term.text, i + term.text.length);
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    if (start > 0) parent.append('…');
    let at = start;
    for (const [s, e] of ranges) {
      if (s < at) continue;                     // overlaps a range already marked
      if (s > at) parent.append(src.slice(at, s));
      const mark = document.createElement('mark');
      mark.textContent = src.slice(s, e);
      parent.append(mark);
      at = e;
    }
    if (at < end) parent.append(src.slice(at, end));
    if (end < src.length) parent.append('…');
  }

  // ---------------------------------------------------------------- rendering

  const languageNames = new Map();
  function languageName(code) {
    if (!languageNames.has(code)) {
      let name = code;
      try {
        const own = new Intl.DisplayNames([code, 'en'], { type: 'language' }).of(code);
        if (own && own !== code) name = own.charAt(0).toLocaleUpperCase(code) + own.slice(1);
      } catch (e) { /* no Intl.DisplayNames, or not a valid tag: show the code */ }
      languageNames.set(code, name);
    }
    return languageNames.get(code);
  }

  /** "15 September 2026" from "2026-09-15T00:00:00-05:00": the calendar date the ISO string
   *  itself gives (its first 10 characters, local to the item's own offset). Never through
   *  Date(), which would move it into the reader's time zone and could change the day. */
  function longDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : '';
  }

  /** The item's link as the index gives it ("/intl/blog/..."), if it is a web address. */
  function safeHref(url) {
    try {
      const u = new URL(url, document.baseURI);
      return u.protocol === 'http:' || u.protocol === 'https:' ? url : null;
    } catch (e) {
      return null;
    }
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function renderResult(item, terms, pageLang, pageDir) {
    const li = element('li', 'result');
    li.lang = item.lang;
    li.dir = item.rtl ? 'rtl' : 'ltr';

    const heading = element('h2', 'result-title');
    const href = safeHref(item.url);
    const link = element(href ? 'a' : 'span');
    appendSnippet(link, item.title, item.fTitle, terms, Infinity);
    if (href) link.setAttribute('href', href);
    heading.append(link);
    li.append(heading);

    const meta = element('p', 'meta result-meta');
    meta.lang = pageLang;
    meta.dir = pageDir;
    meta.append(element('span', 'result-type', TYPE_LABELS[item.type] || item.type));
    if (item.date) {
      const time = element('time', 'result-date', longDate(item.date));
      time.dateTime = item.date;                // the full ISO date-time, offset included
      meta.append(' · ', time);
    }
    if (item.lang) {
      const language = element('span', 'result-lang', languageName(item.lang));
      language.lang = item.lang;
      language.dir = li.dir;
      meta.append(' · ', language);
    }
    li.append(meta);

    const body = item.text === null ? item.head : item.text;
    const fBody = item.fText === null ? item.fHead : item.fText;
    const snippet = element('p', 'result-snippet');
    const inBody = terms.some((t) => fBody.indexOf(t.text) >= 0);
    const fSummary = fold(item.summary);
    if (inBody || (!terms.some((t) => fSummary.indexOf(t.text) >= 0) && !item.summary)) {
      appendSnippet(snippet, body, fBody, terms, 200);
    } else {
      appendSnippet(snippet, item.summary, fSummary, terms, 200);
    }
    if (snippet.childNodes.length) li.append(snippet);
    return li;
  }

  // ---------------------------------------------------------------- the page

  // Only set while this file runs, not later in a DOMContentLoaded listener.
  const currentScript = document.currentScript;

  function start() {
    const script = currentScript && currentScript.dataset.index ? currentScript
      : document.querySelector('script[data-index]');
    const form = document.getElementById('search-form');
    const input = document.getElementById('search-q');
    const status = document.getElementById('search-status');
    const list = document.getElementById('search-results');
    if (!form || !input || !status || !list || !script || !script.dataset.index) return;

    // The no-JavaScript note: gone from the status region (it would stay in its text), hidden elsewhere.
    for (const note of document.querySelectorAll('.nojs')) {
      if (status.contains(note)) note.remove();
      else note.hidden = true;
    }
    const pageLang = document.documentElement.lang || 'en';
    const pageDir = document.documentElement.dir || 'ltr';
    const indexUrl = new URL(script.dataset.index, document.baseURI);

    let index = null, loading = null, timer = 0, rerun = 0, lastQuery = null, inputAt = 0;

    function say(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function loadIndex() {
      if (!loading) {
        const urls = [indexUrl.href];
        if (/(^|\/)search\.json$/.test(indexUrl.pathname)) {
          urls.unshift(new URL('search-index.json', indexUrl).href);
        }
        loading = (async () => {
          let error = null;
          for (const url of urls) {
            try {
              index = readIndex(await fetchJson(url), url);
              const textBytes = index.shards.reduce((sum, s) => sum + (Number(s.bytes) || Infinity), 0);
              if (index.shards.length && textBytes <= PREFETCH_BYTES) loadText();
              return index;
            } catch (e) {
              error = e;
            }
          }
          throw error;
        })();
      }
      return loading;
    }

    // Arriving text is folded a slice at a time, so typing never waits for a whole shard.
    const foldJobs = [];
    let folding = 0;

    async function loadShard(shard) {
      shard.state = 'loading';
      try {
        const data = await fetchJson(shard.url);
        if (!data || !Array.isArray(data.text) || data.text.length !== shard.count
            || shard.start + shard.count > index.items.length) {
          throw new Error(`${shard.url}: not the shard the index expects`);
        }
        foldJobs.push({ shard, texts: data.text, next: 0 });
        if (!folding) folding = window.setTimeout(foldSome, 0);
      } catch (e) {
        shard.state = 'failed';           // keep searching what we have (titles, summaries, heads)
        index.failed = true;
        settled();
      }
    }

    function foldSome() {
      folding = 0;
      const until = performance.now() + 12;
      while (foldJobs.length && performance.now() < until) {
        const job = foldJobs[0];
        const item = index.items[job.shard.start + job.next];
        item.text = String(job.texts[job.next]);
        item.fText = fold(item.text);
        job.next += 1;
        if (job.next === job.texts.length) {
          foldJobs.shift();
          job.shard.state = 'done';
          settled();
        }
      }
      if (foldJobs.length) folding = window.setTimeout(foldSome, 0);
    }

    function settled() {
      index.complete = index.shards.every((s) => s.state === 'done' || s.state === 'failed');
      scheduleRerun();
    }

    function loadText() {
      const waiting = index.shards.filter((s) => s.state === 'new');
      let active = index.shards.filter((s) => s.state === 'loading').length;
      const next = () => {
        const shard = waiting.shift();
        if (!shard) return;
        active += 1;
        loadShard(shard).then(() => { active -= 1; next(); });
      };
      while (active < SHARD_CONCURRENCY && waiting.length) next();
    }

    function scheduleRerun() {
      if (rerun) return;
      rerun = window.setTimeout(() => {
        rerun = 0;
        if (lastQuery !== null) run(lastQuery, { refresh: true });
      }, index.complete ? 0 : 150);
    }

    function syncUrl(q) {
      const url = new URL(window.location.href);
      if (q) url.searchParams.set('q', q);
      else url.searchParams.delete('q');
      if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href);
    }

    function render(q, terms, found) {
      // Keep keyboard focus on the same result when the list is refreshed.
      const focused = list.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
      const fragment = document.createDocumentFragment();
      for (const r of found.results.slice(0, LIMIT)) fragment.append(renderResult(r.item, terms, pageLang, pageDir));
      list.replaceChildren(fragment);
      if (focused) {
        const again = Array.from(list.querySelectorAll('a')).find((a) => a.getAttribute('href') === focused);
        if (again) again.focus();
      }
      const n = found.results.length;
      const quoted = `“${q}”`;
      let text;
      if (index.complete || !found.needText) {
        const exact = index.complete && !index.failed;
        if (n === 0) text = `No results for ${quoted}`;
        else text = `${exact ? '' : 'At least '}${n} result${n === 1 ? '' : 's'} for ${quoted}`;
        if (n > LIMIT) text += `, showing the best ${LIMIT}`;
      } else {
        text = `${n} result${n === 1 ? '' : 's'} so far for ${quoted}; searching the full text…`;
      }
      say(text);
      // What the list shows, for tests and anyone measuring: the query, and whether more
      // text is still coming for it; the event carries the timing of the last key.
      const complete = index.complete || !found.needText;
      list.dataset.query = q;
      list.dataset.state = complete ? 'complete' : 'partial';
      list.dispatchEvent(new CustomEvent('searchrendered', {
        detail: { query: q, count: n, complete, at: performance.now(), inputAt },
      }));
    }

    async function run(raw, options = {}) {
      const q = raw.trim();
      lastQuery = q;
      if (!options.refresh) syncUrl(q);
      const terms = parseQuery(q);
      if (!terms.length) {
        list.replaceChildren();
        delete list.dataset.query;
        delete list.dataset.state;
        say(q ? `No results for “${q}”` : '');
        return;
      }
      if (!index) {
        say('Loading the search index…');
        try {
          await loadIndex();
        } catch (e) {
          say('Sorry, the search index could not be loaded. Please try again later.');
          loading = null;
          return;
        }
        if (lastQuery !== q) return;           // the user typed on meanwhile
      }
      const found = search(index, terms);
      render(q, terms, found);
      if (found.needText) loadText();
    }

    input.addEventListener('input', () => {
      inputAt = performance.now();
      if (!index && input.value.trim()) loadIndex().catch(() => { loading = null; });
      window.clearTimeout(timer);
      timer = window.setTimeout(() => run(input.value), DEBOUNCE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      window.clearTimeout(timer);
      inputAt = performance.now();
      run(input.value);
    });

    // Arrow keys move between the box and the result links.
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        const first = list.querySelector('a');
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      const links = Array.from(list.querySelectorAll('a'));
      const at = links.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      if (event.key === 'ArrowDown' && at + 1 < links.length) links[at + 1].focus();
      else if (event.key === 'ArrowUp') (at > 0 ? links[at - 1] : input).focus();
    });

    const q = new URLSearchParams(window.location.search).get('q');
    if (q) {
      input.value = q;
      inputAt = performance.now();
      run(q);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
