'use strict';
// The split index (irrtsite/search.py): query words, which files a query needs, typos and
// ranking from postings. The index here is made by hand in the build's format.
const test = require('node:test');
const assert = require('node:assert/strict');
const { core } = require('./_helpers.js');

const { TITLE, META, SUMMARY, BODY, EXACT, PREFIX } = core.SCORES;
const [F_BODY, F_SUMMARY, F_META, F_TITLE] = [0, 1, 2, 3]; // postings' field codes

/** Postings as the build writes them: [[doc, field], ...] in doc order -> delta * 4 + field. */
function postings(pairs) {
  let last = 0;
  return pairs.map(([doc, field]) => {
    const v = (doc - last) * 4 + field;
    last = doc;
    return v;
  });
}

/** A manifest and its chunks (two: terms before "m", and from "m" on), in a store. */
function split(table) {
  const terms = Object.keys(table).sort();
  const base = 'https://example.org/search-index.json';
  const index = core.readIndex({
    version: 2, format: 'irrtsite-search-index', months: [], rtl: [], type_labels: {},
    chunks: [['', 'search/terms/0-a.json'], ['m', 'search/terms/1-b.json']],
    words: [['', 'search/words/0-c.json'], ['m', 'search/words/1-d.json']],
    docs: { count: 9, block: 4, hashes: ['x', 'y', 'z'], prefix: 'search/docs/' },
  }, base);
  const store = new Map();
  for (const [n, part] of [[0, terms.filter((t) => t < 'm')], [1, terms.filter((t) => t >= 'm')]]) {
    store.set(index.chunks[n][1], { terms: part, postings: part.map((t) => postings(table[t])) });
  }
  const words = [terms.filter((t) => t.length >= 4)];
  const find = (q) => {
    const ws = core.queryWords(q);
    const typos = ws.map((w) => core.typoTerms(w, words));
    return core.searchIndex(index, store, ws, typos).results.map((r) => [r.doc, r.score]);
  };
  return { index, store, find };
}

test('query words are cut as the build cuts text; CJK runs become character pairs', () => {
  const words = (q) => core.queryWords(q).map((w) => [w.text, w.parts, w.spaceless]);
  assert.deepEqual(words('E-books, Públicas!'), [
    ['e', ['e'], false], ['books', ['books'], false], ['publicas', ['publicas'], false],
  ]);
  assert.deepEqual(words('图书馆'), [['图书馆', ['图书', '书馆'], true]]);
  assert.deepEqual(words('书'), [['书', ['书'], true]]);
  assert.deepEqual(words('abc读者'), [['abc', ['abc'], false], ['读者', ['读者'], true]]);
  assert.deepEqual(words('المكتبة'), [['المكتبه', ['المكتبه'], false]]);
  assert.deepEqual(words(' … '), []);
});

test('edits allowed: none under 5 letters, one under 8, two from 8', () => {
  assert.deepEqual(['ghan', 'ghana', 'library', 'recepton'].map(core.maxEdits), [0, 1, 1, 2]);
  assert.equal(core.editDistance('libary', 'library', 1), 1);
  assert.equal(core.editDistance('recepton', 'reception', 2), 1);
  assert.equal(core.editDistance('libarry', 'library', 2), 1); // a swap is one edit
  assert.equal(core.editDistance('lbrry', 'library', 1), 2); // over the limit: limit + 1
});

test('a query needs the chunk each word falls in, and the words file of a long word', () => {
  const { index } = split({ library: [[0, F_TITLE]], metadata: [[1, F_BODY]] });
  const need = (q) => core.plan(index, core.queryWords(q));
  assert.deepEqual(need('lib'), { chunks: [index.chunks[0][1]], words: [] });
  assert.deepEqual(need('library metadata'), {
    chunks: [index.chunks[0][1], index.chunks[1][1]], words: [index.words[0][1], index.words[1][1]],
  });
  // a prefix whose range runs into the next chunk needs that one too
  assert.deepEqual(need('m').chunks, [index.chunks[1][1]]);
  assert.deepEqual(need('').chunks, []);
});

test('typos: same first two letters, within the edits allowed, not the word\'s own extensions', () => {
  const lists = [['libraries', 'library', 'librarian', 'liberty', 'vibrary', 'lobrary']];
  const typos = (q) => core.typoTerms(core.queryWords(q)[0], lists);
  assert.deepEqual(typos('libary'), ['library']);
  assert.deepEqual(typos('librarx'), ['library']); // "libraries" is two edits away
  assert.deepEqual(typos('librar'), []); // its extensions are prefix matches, not typos
  assert.deepEqual(typos('libr'), []); // too short for a typo
});

test('fields rank: title > tags, people, listing fields > summary > body', () => {
  const { find } = split({ lima: [[0, F_BODY], [1, F_SUMMARY], [2, F_META], [3, F_TITLE]] });
  assert.deepEqual(find('lima'), [
    [3, TITLE + EXACT], [2, META + EXACT], [1, SUMMARY + EXACT], [0, BODY + EXACT],
  ]);
});

test('exact > prefix > near miss; a near miss ranks below any exact match', () => {
  const { find } = split({ reader: [[0, F_TITLE]], readers: [[1, F_TITLE]], reades: [[2, F_BODY]] });
  // ("reades" is one edit from "reader": found too, last)
  assert.deepEqual(find('reader'), [[0, TITLE + EXACT], [1, TITLE + PREFIX], [2, BODY / BODY]]);
  // an exact match in a body outranks near misses in titles
  assert.deepEqual(find('reades'), [[2, BODY + EXACT], [0, TITLE / BODY], [1, TITLE / BODY]]);
});

test('every word must match, scores add up, ties go to the lower document number', () => {
  const { find } = split({ lima: [[0, F_BODY], [1, F_BODY], [5, F_TITLE]], peru: [[1, F_BODY], [5, F_BODY]] });
  assert.deepEqual(find('lima peru'), [[5, TITLE + EXACT + BODY + EXACT], [1, 2 * (BODY + EXACT)]]);
  assert.deepEqual(find('lima nowhere'), []);
  assert.deepEqual(find('lima').map((r) => r[0]), [5, 0, 1]);
});

test('a CJK word must hold all its character pairs', () => {
  const { find } = split({ 图书: [[0, F_TITLE], [1, F_BODY]], 书馆: [[0, F_TITLE], [2, F_BODY]] });
  assert.deepEqual(find('图书馆'), [[0, TITLE + EXACT]]);
  assert.deepEqual(find('图书').map((r) => r[0]), [0, 1]);
});
