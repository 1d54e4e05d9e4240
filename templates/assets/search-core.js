/*
 * The site search's core: folding, query parsing, ranking and snippets. Pure functions on
 * plain data: no DOM, no fetch, no timers. The search page (search.js) loads this file as a
 * classic script, which defines one global, IrrtSearch; Node loads it with require() for the
 * unit tests in tests/js/.
 *
 * Matching: accents, case, Arabic harakat/tatweel and alef variants are folded away on both
 * sides; every query word must match (AND); a title match beats a summary or tag match,
 * which beats a body match; an exact word beats a word prefix, which beats a substring.
 * Scripts written without spaces (Chinese, Japanese, Korean, Thai...) match as substrings.
 *
 * The tables a reader sees (type labels, month names, right-to-left languages) are not
 * here: they come with the index (see irrtsite/search.py), through readLabels().
 */
((root, factory) => {
  'use strict';
  const core = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = core;
  } else {
    root.IrrtSearch = core;
  }
})(globalThis, () => {
  'use strict';

  const LIMIT = 50; // results shown
  const INDEX_FORMAT = 'irrtsite-search-index';

  // Scores: field tier + match quality.
  const TITLE = 30;
  const META = 20;
  const BODY = 10;
  const EXACT = 3;
  const PREFIX = 2;
  const SUBSTRING = 1;
  const WHOLE_TITLE = 5; // bonus when the query is the whole title

  // ---------------------------------------------------------------- folding

  const STRIP = /[\p{M}\u0640\u00AD\u200B-\u200F\u2060\uFEFF]/gu; // marks, tatweel, invisibles
  const SWAP = {
    '\u0671': '\u0627', '\u0672': '\u0627', '\u0673': '\u0627', '\u0675': '\u0627', // alef variants
    '\u0649': '\u064A', '\u06CC': '\u064A', '\u0629': '\u0647', '\u06A9': '\u0643',
    '\u03C2': '\u03C3', '\u2018': "'", '\u2019': "'", '\u02BC': "'", '\u00DF': 'ss',
  };
  const SWAP_RE = /[\u0671\u0672\u0673\u0675\u0649\u06CC\u0629\u06A9\u03C2\u2018\u2019\u02BC\u00DF]/g;
  const NOT_ASCII = /[\u0080-\uFFFF]/; // any UTF-16 code unit past ASCII
  const NOT_ASCII_RUNS = /[\u0080-\uFFFF]+/g;

  // Only runs of non-ASCII characters need the slow part (ASCII folds to itself, and the
  // marks NFKD splits off are non-ASCII, so a run folds the same alone as in its text).
  function foldRun(run) {
    return run.normalize('NFKD').replace(STRIP, '').replace(SWAP_RE, (c) => SWAP[c]);
  }

  /** Case, accents and Arabic diacritics folded away: "Públicas" -> "publicas".
   *  (أ إ آ decompose to ا + a hamza/madda mark under NFKD, so they fold to ا.) */
  function fold(text) {
    const lower = text.toLowerCase();
    return NOT_ASCII.test(lower) ? lower.replace(NOT_ASCII_RUNS, foldRun) : lower;
  }

  /** fold(text).length, without folding plain ASCII (which folds one to one). */
  function foldedLength(text) {
    return NOT_ASCII.test(text) ? fold(text).length : text.length;
  }

  // ---------------------------------------------------------------- queries

  const WORD = /[\p{L}\p{N}]/u;
  const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
  const ARABIC = /^[\u0600-\u06FF]/;
  const SPLIT = /[\s,;:!?"“”„«»()[\]{}<>|\u3000-\u3003\u3008-\u3011\u060C\u061B\u061F\u06D4]+/u;
  const TRIM = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  const PROCLITICS = '\u0648\u0641\u0628\u0643\u0644'; // و ف ب ك ل

  function isWord(s, i) {
    return i >= 0 && i < s.length && WORD.test(s[i]);
  }

  /** Arabic: a word may start after the article ال (also لل, وال, بال, فال, كال), and a
   *  word given with its article after a one-letter proclitic (و ف ب ك ل + ال...). */
  function afterArabicArticle(s, i, t) {
    if (i >= 1 && t.startsWith('\u0627\u0644') && PROCLITICS.includes(s[i - 1]) && !isWord(s, i - 2)) {
      return true;
    }
    if (i < 2) {
      return false;
    }
    const a = s[i - 2];
    const b = s[i - 1];
    if (a === '\u0627' && b === '\u0644') {
      const j = i - 2;
      return !isWord(s, j - 1) || (PROCLITICS.includes(s[j - 1]) && !isWord(s, j - 2));
    }
    return a === '\u0644' && b === '\u0644' && !isWord(s, i - 3);
  }

  /** The query's distinct folded words: [{text, spaceless, arabic}]. */
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
    if (!hay) {
      return 0;
    }
    const t = term.text;
    let i = hay.indexOf(t);
    if (i < 0) {
      return 0;
    }
    if (term.spaceless) {
      return EXACT;
    }
    let best = SUBSTRING;
    for (let n = 0; i >= 0 && n < 64; n += 1) {
      if (!isWord(hay, i - 1) || (term.arabic && afterArabicArticle(hay, i, t))) {
        if (!isWord(hay, i + t.length)) {
          return EXACT;
        }
        best = PREFIX;
      }
      i = hay.indexOf(t, i + 1);
    }
    return best;
  }

  // ---------------------------------------------------------------- the index

  /** The tables the index (or search/labels.json beside search.json) carries:
   *  {types: {code: label}, months: [12 names] | null, datePattern: string | null,
   *  rtl: Set | null}. */
  function readLabels(data) {
    const types = data && data.type_labels && typeof data.type_labels === 'object' ? data.type_labels : {};
    const months = data && Array.isArray(data.months) && data.months.length === 12 ? data.months.map(String) : null;
    const datePattern = data && typeof data.date_pattern === 'string' ? data.date_pattern : null;
    const rtl = data && Array.isArray(data.rtl) ? new Set(data.rtl.map(String)) : null;
    return { types, months, datePattern, rtl };
  }

  /** One item, its fields folded once. `text` is null until its shard has arrived. */
  function makeItem(fields, labels) {
    const { url, title, type, date, lang, tags, summary, head, text } = fields;
    const item = {
      url: String(url || ''), title: String(title || ''), type: String(type || ''),
      date: typeof date === 'string' && date ? date : null, lang: String(lang || ''),
      tags: Array.isArray(tags) ? tags.map(String) : [], summary: String(summary || ''),
      head: String(head || ''), text: typeof text === 'string' ? text : null,
    };
    // Without a table of right-to-left languages, the browser decides from the text.
    item.dir = labels.rtl ? (labels.rtl.has(item.lang) ? 'rtl' : 'ltr') : 'auto';
    item.fTitle = fold(item.title);
    item.fMeta = fold(`${item.summary}\n${item.tags.join('\n')}`);
    item.fHead = fold(item.head);
    item.fText = item.text === null ? null : fold(item.text);
    return item;
  }

  function readCompact(data, url) {
    const labels = readLabels(data);
    const types = data.types || [];
    const tags = data.tags || [];
    const items = data.items.map((r) => makeItem({
      url: r[0], title: r[1], type: types[r[2]], date: r[3], lang: r[4],
      tags: (r[5] || []).map((k) => tags[k]), summary: r[6], head: r[7], text: null,
    }, labels));
    let start = 0;
    const shards = (data.shards || []).map((s) => {
      const shard = { url: new URL(s.url, url).href, start, count: s.count, bytes: s.bytes, state: 'new' };
      start += s.count;
      return shard;
    });
    return { items, shards, labels, complete: shards.length === 0, failed: false };
  }

  /** search-index.json or search.json -> {items, shards: [{url, start, count, bytes, state}],
   *  labels, complete, failed}. search.json has no tables: `labelData` (the contents of
   *  search/labels.json, or null) gives them. Shard URLs are resolved against `url`. */
  function readIndex(data, url, labelData) {
    if (!data || data.version !== 1 || !Array.isArray(data.items)) {
      throw new Error('not a search index');
    }
    if (data.format === INDEX_FORMAT) {
      return readCompact(data, url);
    }
    const labels = readLabels(labelData);
    const items = data.items.map((e) => makeItem({
      ...e, head: '', text: typeof e.text === 'string' ? e.text : '',
    }, labels));
    return { items, shards: [], labels, complete: true, failed: false };
  }

  /** The texts of a fetched shard, if it is the one the index expects; throws otherwise. */
  function shardTexts(index, shard, data) {
    if (!data || !Array.isArray(data.text) || data.text.length !== shard.count
        || shard.start + shard.count > index.items.length) {
      throw new Error(`${shard.url}: not the shard the index expects`);
    }
    return data.text;
  }

  /** Give an item its full text (from a shard). */
  function setText(item, text) {
    item.text = String(text);
    item.fText = fold(item.text);
  }

  /** Every shard done or failed? Sets and returns index.complete. */
  function updateComplete(index) {
    index.complete = index.shards.every((s) => s.state === 'done' || s.state === 'failed');
    return index.complete;
  }

  // ---------------------------------------------------------------- ranking

  /** One term in one item: [its score, the best score the item's full text could give it,
   *  whether that text could still add or improve it]. */
  function termScore(item, term) {
    const qt = quality(item.fTitle, term);
    let best = qt ? TITLE + qt : 0;
    if (!best) {
      const qm = quality(item.fMeta, term);
      best = qm ? META + qm : 0;
    }
    const known = best;
    if (!best) {
      const qb = quality(item.fText === null ? item.fHead : item.fText, term);
      best = qb ? BODY + qb : 0;
    }
    if (item.fText === null && known < META) {
      return [best, Math.max(BODY + EXACT, best), true];
    }
    return [best, Math.max(known, best), false];
  }

  function byRank(a, b) {
    return b.score - a.score
      || (a.item.date === null ? 0 : 1) - (b.item.date === null ? 0 : 1)
      || (a.item.date && b.item.date && b.item.date.localeCompare(a.item.date))
      || a.order - b.order;
  }

  /** Score every item; returns {results (best first: [{item, score, order}]), needText}. */
  function search(index, terms, limit = LIMIT) {
    const results = [];
    const phrase = terms.map((t) => t.text).join(' ');
    let textBound = 0; // best score an item without its full text could still reach
    index.items.forEach((item, order) => {
      let score = 0;
      let bound = 0;
      let all = true;
      let improvable = false;
      for (const term of terms) {
        const [best, reach, more] = termScore(item, term);
        score += best;
        bound += reach;
        all = all && best > 0;
        improvable = improvable || more;
      }
      if (improvable && bound > textBound) {
        textBound = bound;
      }
      if (all) {
        results.push({ item, score: item.fTitle === phrase ? score + WHOLE_TITLE : score, order });
      }
    });
    results.sort(byRank);
    // Body text can only change what is shown if an item without it could still reach the
    // list (or move up in it): fewer results than we show, or the last one shown scores lower.
    const needText = !index.complete && textBound > 0
      && (results.length < limit || results[limit - 1].score < textBound);
    return { results, needText };
  }

  /** What the status line says about `found` for query `q`. */
  function statusText(q, found, index, limit = LIMIT) {
    const n = found.results.length;
    const quoted = `“${q}”`;
    const results = `${n} result${n === 1 ? '' : 's'}`;
    if (!index.complete && found.needText) {
      return `${results} so far for ${quoted}; searching the full text…`;
    }
    if (n === 0) {
      return `No results for ${quoted}`;
    }
    const exact = index.complete && !index.failed;
    return `${exact ? '' : 'At least '}${results} for ${quoted}${n > limit ? `, showing the best ${limit}` : ''}`;
  }

  // ---------------------------------------------------------------- snippets

  /** Index in `src` where the word holding folded position `pos` (of fold(src)) starts. */
  function locate(src, pos) {
    const words = /\S+/g;
    let folded = 0;
    let prevEnd = 0;
    let m;
    while ((m = words.exec(src)) !== null) {
      folded += m.index - prevEnd; // white space folds one to one
      const length = foldedLength(m[0]);
      if (folded + length > pos) {
        // inside a long run without spaces (CJK): walk it code point by code point
        let f = folded;
        let k = m.index;
        for (const ch of m[0]) {
          const l = foldedLength(ch);
          if (f + l > pos) {
            return k;
          }
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

  /** Never cut a surrogate pair. */
  function clampStart(src, i) {
    return i > 0 && i < src.length && /[\uDC00-\uDFFF]/.test(src[i]) ? i - 1 : i;
  }

  /** [start, end) of `src` to show: all of it, or `maxChars` around the first match. */
  function snippetWindow(src, fsrc, terms, maxChars) {
    if (src.length <= maxChars) {
      return [0, src.length];
    }
    let first = -1;
    for (const term of terms) {
      const i = fsrc.indexOf(term.text);
      if (i >= 0 && (first < 0 || i < first)) {
        first = i;
      }
    }
    const at = first < 0 ? 0 : locate(src, first);
    let start = Math.max(0, at - Math.floor(maxChars / 3));
    if (start > 0) {
      const space = src.indexOf(' ', start);
      if (space >= 0 && space < at && space - start < 24) {
        start = space + 1;
      }
    }
    let end = Math.min(src.length, start + maxChars);
    if (end < src.length) {
      const space = src.lastIndexOf(' ', end);
      if (space > at && end - space < 24) {
        end = space;
      }
    }
    return [clampStart(src, start), clampStart(src, end)];
  }

  /** [[start, end), ...] in `src` of every term in src.slice(start, end), in order, none
   *  overlapping. Folds the window a code point at a time, remembering where each folded
   *  character came from. */
  function markRanges(src, start, end, terms) {
    let folded = '';
    const from = [];
    const to = [];
    let k = start;
    for (const ch of src.slice(start, end)) {
      const f = fold(ch);
      for (let j = 0; j < f.length; j += 1) {
        from.push(k);
        to.push(k + ch.length);
      }
      folded += f;
      k += ch.length;
      if (!f && to.length) {
        to[to.length - 1] = k; // a mark belongs to the character before it
      }
    }
    const ranges = [];
    for (const term of terms) {
      for (let i = folded.indexOf(term.text); i >= 0; i = folded.indexOf(term.text, i + term.text.length)) {
        ranges.push([from[i], to[i + term.text.length - 1]]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const marks = [];
    let at = start;
    for (const [s, e] of ranges) {
      if (s >= at) { // else it overlaps a range already marked
        marks.push([s, e]);
        at = e;
      }
    }
    return marks;
  }

  /** `src` (or a window of `maxChars` around the first match), as {start, end, marks, parts}:
   *  parts are [{text, mark}] to show in order, the matches with mark true, and "…" where
   *  the window cuts the text. `fsrc` is fold(src). */
  function snippet(src, fsrc, terms, maxChars) {
    const [start, end] = snippetWindow(src, fsrc, terms, maxChars);
    const marks = markRanges(src, start, end, terms);
    const parts = [];
    const text = (t) => {
      if (t) {
        parts.push({ text: t, mark: false });
      }
    };
    text(start > 0 ? '…' : '');
    let at = start;
    for (const [s, e] of marks) {
      text(src.slice(at, s));
      parts.push({ text: src.slice(s, e), mark: true });
      at = e;
    }
    text(src.slice(at, end));
    text(end < src.length ? '…' : '');
    return { start, end, marks, parts };
  }

  /** A result's snippet: from the body when a term is in it, or when there is no summary;
   *  from the summary otherwise. */
  function resultSnippet(item, terms, maxChars = 200) {
    const body = item.text === null ? item.head : item.text;
    const fBody = item.fText === null ? item.fHead : item.fText;
    const fSummary = fold(item.summary);
    const inBody = terms.some((t) => fBody.includes(t.text));
    const inSummary = terms.some((t) => fSummary.includes(t.text));
    if (inBody || (!inSummary && !item.summary)) {
      return snippet(body, fBody, terms, maxChars);
    }
    return snippet(item.summary, fSummary, terms, maxChars);
  }

  // ---------------------------------------------------------------- what a result shows

  /** "<month 9> 15, 2026" from "2026-09-15T00:00:00-05:00", the index's month names and its
   *  CLDR date pattern ("MMMM d, y"; without one, "d MMMM y"): the calendar date the ISO
   *  string itself gives (its first 10 characters, local to the item's own offset). Never
   *  through Date(), which would move it into the reader's time zone and could change the
   *  day. Without month names, or with a pattern it cannot read, the date as written. */
  function longDate(iso, months, pattern) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    if (!m) {
      return '';
    }
    if (!months) {
      return m[0];
    }
    const fields = { y: m[1], M: Number(m[2]), d: Number(m[3]) };
    let unknown = false;
    const shown = (pattern || 'd MMMM y').replace(/'((?:[^']|'')*)'|([a-zA-Z])\2*/g, (token, quoted, letter) => {
      if (quoted !== undefined) {
        return quoted === '' ? "'" : quoted.replaceAll("''", "'");
      }
      if (letter === 'y') {
        return fields.y;
      }
      if (letter === 'M' || letter === 'd') {
        const n = fields[letter];
        if (letter === 'M' && token.length >= 3) {
          return months[n - 1];
        }
        return token.length === 2 ? String(n).padStart(2, '0') : String(n);
      }
      unknown = true;
      return token;
    });
    return unknown ? m[0] : shown;
  }

  /** A type's label ("post" -> its name as the pages say it) from the index; else the code. */
  function typeLabel(labels, type) {
    return Object.prototype.hasOwnProperty.call(labels.types, type) ? String(labels.types[type]) : type;
  }

  return Object.freeze({
    LIMIT, INDEX_FORMAT,
    SCORES: Object.freeze({ TITLE, META, BODY, EXACT, PREFIX, SUBSTRING, WHOLE_TITLE }),
    fold, parseQuery, quality,
    readLabels, readIndex, shardTexts, setText, updateComplete,
    search, statusText,
    locate, snippet, resultSnippet,
    longDate, typeLabel,
  });
});
