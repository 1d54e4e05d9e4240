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
  const TITLE = 40;
  const META = 30; // tags, people, a listing's fields (with the summary, in search.json)
  const SUMMARY = 20;
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

  /** One item (a search.json entry or a document of the split index), its fields folded. */
  function makeItem(fields, labels) {
    const { url, title, type, date, lang, tags, summary, text, about } = fields;
    const item = {
      url: String(url || ''), title: String(title || ''), type: String(type || ''),
      date: typeof date === 'string' && date ? date : null, lang: String(lang || ''),
      tags: Array.isArray(tags) ? tags.map(String) : [], summary: String(summary || ''),
      text: typeof text === 'string' ? text : '',
      about: Array.isArray(about) ? about.map(String).join(' · ') : '',
    };
    // Without a table of right-to-left languages, the browser decides from the text.
    item.dir = labels.rtl ? (labels.rtl.has(item.lang) ? 'rtl' : 'ltr') : 'auto';
    item.fTitle = fold(item.title);
    item.fMeta = fold(`${item.summary}\n${item.tags.join('\n')}`);
    item.fText = fold(item.text);
    return item;
  }

  /** search-index.json (the split index: {split: true, chunks, words, docs, labels, base})
   *  or search.json ({items, labels}: everything in memory). search.json has no tables:
   *  `labelData` (the contents of search/labels.json, or null) gives them. The split
   *  index's file names are resolved against `url`. */
  function readIndex(data, url, labelData) {
    if (data && data.format === INDEX_FORMAT && data.version === 2 && Array.isArray(data.chunks)) {
      return readSplit(data, url);
    }
    if (!data || data.version !== 1 || !Array.isArray(data.items) || data.format === INDEX_FORMAT) {
      throw new Error('not a search index');
    }
    const labels = readLabels(labelData);
    const items = data.items.map((e) => makeItem({
      ...e, text: typeof e.text === 'string' ? e.text : '',
    }, labels));
    return { split: false, items, labels };
  }

  // ---------------------------------------------------------------- the split index
  // (search-index.json and the files it names; see irrtsite/search.py, whose rules for
  // terms these follow: a change there is a change here)

  const FIELD = [BODY, SUMMARY, META, TITLE]; // a posting's field code -> its score
  const PREFIX_CHUNKS = 2; // chunks a word's prefix matches may come from
  const PREFIX_TERMS = 200; // terms a word's prefix may expand to
  const TYPO_TERMS = 8; // terms a misspelt word may stand for
  const SPACELESS_RUN = /[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;
  const WORDS = /[\p{L}\p{N}]+/gu;

  /** The query as the index cuts text: [{text, parts, spaceless}]; `parts` are the terms
   *  the word must all hold (one, or a CJK run's character pairs). */
  function queryWords(raw) {
    const words = [];
    const add = (text, parts, spaceless) => {
      if (!words.some((w) => w.text === text)) {
        words.push({ text, parts, spaceless });
      }
    };
    for (const word of fold(raw).match(WORDS) || []) {
      let at = 0;
      for (const run of word.matchAll(SPACELESS_RUN)) {
        if (run.index > at) {
          add(word.slice(at, run.index), [word.slice(at, run.index)], false);
        }
        const chars = Array.from(run[0]);
        const pairs = chars.length === 1 ? chars : chars.slice(1).map((c, i) => chars[i] + c);
        add(run[0], pairs, true);
        at = run.index + run[0].length;
      }
      if (at < word.length) {
        add(word.slice(at), [word.slice(at)], false);
      }
    }
    return words;
  }

  /** Edits allowed for a word: none under 5 letters, one under 8, else two. */
  function maxEdits(word) {
    const n = Array.from(word).length;
    return n < 5 ? 0 : (n < 8 ? 1 : 2);
  }

  /** Optimal string alignment distance (insert, delete, substitute, swap two neighbours),
   *  or limit + 1 when it is more than `limit`. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    let prev2 = null;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        row.push(d);
        best = Math.min(best, d);
      }
      if (best > limit) {
        return limit + 1;
      }
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  /** The last entry of sorted `refs` ([[first, url], ...]) whose first is <= key; -1 if none. */
  function refAt(refs, key) {
    let lo = 0;
    let hi = refs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (refs[mid][0] <= key) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The chunks (their urls) that hold `term`, and with `prefix` those its prefix spans. */
  function chunksFor(index, term, prefix) {
    const { chunks } = index;
    const at = Math.max(0, refAt(chunks, term));
    const urls = at < chunks.length ? [chunks[at][1]] : [];
    for (let k = at + 1; prefix && k < chunks.length && urls.length < PREFIX_CHUNKS; k += 1) {
      if (!chunks[k][0].startsWith(term)) {
        break;
      }
      urls.push(chunks[k][1]);
    }
    return urls;
  }

  /** What the words need fetched first: {chunks: [url], words: [url]} (no repeats). */
  function plan(index, words) {
    const chunks = new Set();
    const lists = new Set();
    for (const word of words) {
      for (const part of word.parts) {
        chunksFor(index, part, !word.spaceless).forEach((u) => chunks.add(u));
      }
      if (!word.spaceless && maxEdits(word.text) > 0) {
        const at = refAt(index.words, word.text.slice(0, 2));
        if (at >= 0) {
          lists.add(index.words[at][1]);
        }
      }
    }
    return { chunks: [...chunks], words: [...lists] };
  }

  /** The terms a misspelt word may stand for, from the fetched words files (`lists`: arrays
   *  of words): same first two letters, within maxEdits, not the word or its extensions;
   *  the closest TYPO_TERMS. */
  function typoTerms(word, lists) {
    const limit = maxEdits(word.text);
    if (word.spaceless || !limit) {
      return [];
    }
    const key = word.text.slice(0, 2);
    const found = [];
    for (const list of lists) {
      for (const w of list) {
        if (w.startsWith(key) && !w.startsWith(word.text)) {
          const d = editDistance(word.text, w, limit);
          if (d <= limit) {
            found.push([d, w]);
          }
        }
      }
    }
    found.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    return found.slice(0, TYPO_TERMS).map((f) => f[1]);
  }

  /** A term's postings from the fetched chunks (`store`: url -> {terms, postings}). */
  function postingsOf(index, store, term) {
    for (const url of chunksFor(index, term, false)) {
      const chunk = store.get(url);
      const i = chunk ? chunk.terms.indexOf(term) : -1;
      if (i >= 0) {
        return chunk.postings[i];
      }
    }
    return null;
  }

  /** Terms in the fetched chunks that start with `prefix` (itself excluded). */
  function prefixTerms(index, store, prefix) {
    const out = [];
    for (const url of chunksFor(index, prefix, true)) {
      const chunk = store.get(url);
      for (const t of chunk ? chunk.terms : []) {
        if (out.length < PREFIX_TERMS && t !== prefix && t.startsWith(prefix)) {
          out.push(t);
        }
      }
    }
    return out;
  }

  /** Add a term's documents to `scores` (doc -> best score) at `value(field)`. */
  function addPostings(scores, postings, value) {
    let doc = 0;
    for (const p of postings || []) {
      doc += Math.floor(p / 4);
      const s = value(FIELD[p % 4]);
      if (!(scores.get(doc) >= s)) {
        scores.set(doc, s);
      }
    }
  }

  /** Each word's documents and scores, and the terms it matched (for marking snippets). */
  function wordScores(index, store, word, typos) {
    const scores = new Map();
    const matched = [word.text];
    if (word.spaceless) {
      let docs = null;
      for (const part of word.parts) {
        const one = new Map();
        addPostings(one, postingsOf(index, store, part), (f) => f + EXACT);
        docs = docs === null ? one : new Map([...docs].filter(([d]) => one.has(d))
          .map(([d, s]) => [d, Math.min(s, one.get(d))]));
      }
      return { scores: docs || scores, matched };
    }
    addPostings(scores, postingsOf(index, store, word.text), (f) => f + EXACT);
    for (const t of prefixTerms(index, store, word.text)) {
      addPostings(scores, postingsOf(index, store, t), (f) => f + PREFIX);
      matched.push(t);
    }
    for (const t of typos) {
      // A near miss counts less than any exact or prefix match anywhere in an item.
      addPostings(scores, postingsOf(index, store, t), (f) => f / BODY);
      matched.push(t);
    }
    return { scores, matched };
  }

  /** The items holding every word, best first: {results: [{doc, score}], marks: [{text}]}.
   *  `typos`: for each word, the terms it may stand for (typoTerms). */
  function searchIndex(index, store, words, typos) {
    let docs = null;
    const marks = [];
    words.forEach((word, k) => {
      const { scores, matched } = wordScores(index, store, word, typos[k] || []);
      matched.forEach((t) => marks.push({ text: t }));
      if (docs === null) {
        docs = scores;
      } else {
        const both = new Map();
        for (const [d, s] of docs) {
          if (scores.has(d)) {
            both.set(d, s + scores.get(d));
          }
        }
        docs = both;
      }
    });
    const results = [...(docs || [])].map(([doc, score]) => ({ doc, score }));
    results.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { results, marks };
  }

  /** The address of document `n` of the split index. */
  function docUrl(index, n) {
    const { docs } = index;
    return new URL(`${docs.prefix}${n}-${docs.hashes[Math.floor(n / docs.block)]}.json`, index.base).href;
  }

  function readSplit(data, url) {
    const labels = readLabels(data);
    const ref = (r) => [String(r[0]), new URL(r[1], url).href];
    const docs = data.docs || {};
    return {
      split: true, base: url, labels,
      chunks: (data.chunks || []).map(ref),
      words: (data.words || []).map(ref),
      docs: {
        count: Number(docs.count) || 0, block: Number(docs.block) || 1,
        hashes: Array.isArray(docs.hashes) ? docs.hashes.map(String) : [], prefix: String(docs.prefix || ''),
      },
    };
  }

  // ---------------------------------------------------------------- ranking (search.json)

  /** One term's score in one item: its best field's tier + the match's quality. */
  function termScore(item, term) {
    const fields = [[item.fTitle, TITLE], [item.fMeta, META], [item.fText, BODY]];
    for (const [hay, tier] of fields) {
      const q = quality(hay, term);
      if (q) {
        return tier + q;
      }
    }
    return 0;
  }

  function byRank(a, b) {
    return b.score - a.score
      || (a.item.date === null ? 0 : 1) - (b.item.date === null ? 0 : 1)
      || (a.item.date && b.item.date && b.item.date.localeCompare(a.item.date))
      || a.order - b.order;
  }

  /** search.json's way: score every item in memory; returns {results (best first:
   *  [{item, score, order}])}. */
  function search(index, terms) {
    const results = [];
    const phrase = terms.map((t) => t.text).join(' ');
    index.items.forEach((item, order) => {
      let score = 0;
      for (const term of terms) {
        const s = termScore(item, term);
        if (!s) {
          return;
        }
        score += s;
      }
      results.push({ item, score: item.fTitle === phrase ? score + WHOLE_TITLE : score, order });
    });
    results.sort(byRank);
    return { results };
  }

  /** What the status line says: `total` results for `q`, of which `shown` are shown. */
  function statusText(q, total, shown) {
    const quoted = `“${q}”`;
    if (total === 0) {
      return `No results for ${quoted}`;
    }
    const best = total > shown ? `, showing the best ${shown}` : '';
    return `${total} result${total === 1 ? '' : 's'} for ${quoted}${best}`;
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
    const body = item.text;
    const fBody = item.fText;
    const fSummary = fold(item.summary);
    const inBody = terms.some((t) => fBody.includes(t.text));
    const inSummary = terms.some((t) => fSummary.includes(t.text));
    if (inBody || (!inSummary && !item.summary)) {
      return snippet(body, fBody, terms, maxChars);
    }
    if (!inSummary && item.about && terms.some((t) => fold(item.about).includes(t.text))) {
      return snippet(item.about, fold(item.about), terms, maxChars);
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
    SCORES: Object.freeze({ TITLE, META, SUMMARY, BODY, EXACT, PREFIX, SUBSTRING, WHOLE_TITLE }),
    fold, parseQuery, quality, makeItem,
    readLabels, readIndex,
    queryWords, maxEdits, editDistance, plan, typoTerms, searchIndex, docUrl,
    search, statusText,
    locate, snippet, resultSnippet,
    longDate, typeLabel,
  });
});
