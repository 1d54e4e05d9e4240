'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { core } = require('./_helpers.js');

function snip(src, q, maxChars = 200) {
  return core.snippet(src, core.fold(src), core.parseQuery(q), maxChars);
}
const marked = (s, src) => s.marks.map(([a, b]) => src.slice(a, b));

test('a short text is shown whole, each match marked where it is in the source', () => {
  const src = 'Las bibliotecas públicas';
  const s = snip(src, 'publicas');
  assert.deepEqual([s.start, s.end], [0, src.length]);
  assert.deepEqual(s.marks, [[16, 24]]);
  assert.deepEqual(s.parts, [{ text: 'Las bibliotecas ', mark: false }, { text: 'públicas', mark: true }]);
  assert.equal(s.parts.map((p) => p.text).join(''), src);
});

test('every occurrence of every term is marked, in order, never overlapping', () => {
  const src = 'Lima, lima and LIMA libraries';
  assert.deepEqual(snip(src, 'lima').marks, [[0, 4], [6, 10], [15, 19]]);
  // "bib" lies inside "biblio": the longer range wins, the inner one is not marked again
  assert.deepEqual(snip('bibliotecas', 'bib biblio').marks, [[0, 6]]);
  assert.deepEqual(marked(snip(src, 'libraries lima'), src), ['Lima', 'lima', 'LIMA', 'libraries']);
  assert.deepEqual(snip(src, 'nothing').marks, []);
});

test('marks map folded matches back onto the text as written', () => {
  const nfd = 'pu\u0301blicas y mas';
  assert.deepEqual(snip(nfd, 'publicas').marks, [[0, 9]]); // the combining accent included
  assert.deepEqual(marked(snip('Die Straße', 'strasse'), 'Die Straße'), ['Straße']);
  const arabic = 'المَكْتَبَةُ العامة';
  const s = snip(arabic, 'مكتبة');
  assert.deepEqual(s.marks, [[2, 12]]); // harakat inside and the last damma belong to the word
  assert.equal(marked(s, arabic)[0], 'مَكْتَبَةُ');
  assert.deepEqual(marked(snip('乡村图书馆建设', '图书馆'), '乡村图书馆建设'), ['图书馆']);
});

test('a long text shows a window around the first match, cut at spaces, with ellipses', () => {
  const src = `${'word '.repeat(100)}target ${'word '.repeat(100)}`.trim();
  const s = snip(src, 'target', 50);
  assert.ok(s.start > 0 && s.end < src.length);
  assert.ok(s.end - s.start <= 50);
  assert.ok(s.start < 500 && s.end > 506);
  assert.equal(src[s.start - 1], ' '); // starts at a word
  assert.equal(src[s.end], ' '); // ends before a space
  assert.deepEqual(s.marks, [[500, 506]]);
  assert.equal(s.parts[0].text, '…');
  assert.equal(s.parts[s.parts.length - 1].text, '…');
  assert.deepEqual(s.parts.filter((p) => p.mark).map((p) => p.text), ['target']);
  assert.equal(s.parts.map((p) => p.text).join(''), `…${src.slice(s.start, s.end)}…`);
  // the match a third of the way in
  assert.equal(500 - s.start <= Math.floor(50 / 3), true);
});

test('a window in text without spaces is found code point by code point', () => {
  const src = `${'あ'.repeat(300)}図書館${'い'.repeat(300)}`;
  const s = snip(src, '図書館', 60);
  assert.deepEqual([s.start, s.end], [280, 340]);
  assert.deepEqual(s.marks, [[300, 303]]);
  assert.equal(core.locate(src, 300), 300);
  // folded positions after letters that fold longer ("ß" -> "ss") still land on the word
  const mixed = `${'Straße '.repeat(40)}ziel`;
  assert.equal(core.locate(mixed, core.fold(mixed).indexOf('ziel')), mixed.indexOf('ziel'));
});

test('a window never cuts a surrogate pair', () => {
  const src = `${'𠀋'.repeat(100)}图书馆${'𠀋'.repeat(100)}`;
  for (const max of [60, 61, 62, 63, 64, 65]) {
    const s = snip(src, '图书馆', max);
    for (const i of [s.start, s.end]) {
      assert.ok(!/[\uDC00-\uDFFF]/.test(src[i] || ''), `${max}: ${i} is inside a pair`);
    }
    assert.deepEqual(marked(s, src), ['图书馆']);
  }
});

test('a result shows its body where a term is, else its summary', () => {
  const index = core.readIndex({ version: 1, items: [
    { url: '/a/', title: 'Perú', type: 'post', date: null, lang: 'es', tags: [],
      summary: 'Salas de lectura.', text: 'Las bibliotecas salen a buscar lectores.' },
    { url: '/b/', title: 'B', type: 'post', date: null, lang: 'en', tags: [], summary: '', text: 'Only a body.' },
  ] }, 'https://example.org/search.json', null);
  const [a, b] = index.items;
  const text = (item, q) => core.resultSnippet(item, core.parseQuery(q)).parts.map((p) => p.text).join('');
  assert.equal(text(a, 'lectura'), 'Salas de lectura.');
  assert.equal(text(a, 'bibliotecas'), 'Las bibliotecas salen a buscar lectores.');
  assert.equal(text(a, 'peru'), 'Salas de lectura.'); // only in the title: the summary
  assert.equal(text(b, 'B'), 'Only a body.'); // no summary: the body
});
