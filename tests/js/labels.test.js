'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { core, MONTHS, fullIndex } = require('./_helpers.js');

const LABELS = { type_labels: { post: 'Blog post', 'leads-issue': 'Leads issue' }, months: MONTHS, rtl: ['ar'] };

test('dates show the calendar day their ISO string gives, with the index\'s month names', () => {
  const { months } = core.readLabels(LABELS);
  assert.equal(core.longDate('2026-09-15T00:00:00-05:00', months), '15 September 2026');
  assert.equal(core.longDate('2026-10-31T22:30:00-05:00', months), '31 October 2026'); // not UTC's 1 November
  assert.equal(core.longDate('2026-01-01T00:30:00+14:00', months), '1 January 2026');
  assert.equal(core.longDate(null, months), '');
  assert.equal(core.longDate('2026-09-15T00:00:00-05:00', null), '2026-09-15'); // no names: as written
  assert.equal(core.longDate('2026-06-15', ['x', 'y', 'z', 'a', 'b', 'Junio']), '15 Junio 2026');
});

test('dates follow the index\'s CLDR pattern, as the listing pages write them', () => {
  const { months, datePattern } = core.readLabels({ ...LABELS, date_pattern: 'MMMM d, y' });
  assert.equal(datePattern, 'MMMM d, y');
  assert.equal(core.longDate('2026-09-05T00:00:00-05:00', months, datePattern), 'September 5, 2026');
  const junio = ['x', 'y', 'z', 'a', 'b', 'junio'];
  assert.equal(core.longDate('2026-06-15', junio, "d 'de' MMMM 'de' y"), '15 de junio de 2026');
  assert.equal(core.longDate('2026-06-05', months, 'y年M月d日'), '2026年6月5日');
  assert.equal(core.longDate('2026-06-05', months, "dd.MM.y 'o''clock'"), "05.06.2026 o'clock");
  assert.equal(core.longDate('2026-06-05', months, 'G y'), '2026-06-05'); // unknown letter: as written
  assert.equal(core.readLabels({ date_pattern: 3 }).datePattern, null);
});

test('types show the index\'s label, else their code', () => {
  const labels = core.readLabels(LABELS);
  assert.equal(core.typeLabel(labels, 'post'), 'Blog post');
  assert.equal(core.typeLabel(labels, 'leads-issue'), 'Leads issue');
  assert.equal(core.typeLabel(labels, 'event'), 'event');
  assert.equal(core.typeLabel(labels, 'constructor'), 'constructor'); // not Object.prototype's
  assert.equal(core.typeLabel(core.readLabels(null), 'post'), 'post');
});

test('direction comes from the index\'s right-to-left languages, else from the browser', () => {
  const items = [{ title: 'a', lang: 'ar' }, { title: 'b', lang: 'en' }, { title: 'c', lang: 'fa' }];
  assert.deepEqual(fullIndex(items, LABELS).items.map((i) => i.dir), ['rtl', 'ltr', 'ltr']);
  assert.deepEqual(fullIndex(items, null).items.map((i) => i.dir), ['auto', 'auto', 'auto']);
  const bad = core.readLabels({ months: ['January'], rtl: 'ar', type_labels: 'x' });
  assert.deepEqual([bad.months, bad.rtl, bad.types], [null, null, {}]);
});

test('the split index: tables, and file addresses against the manifest\'s', () => {
  const index = core.readIndex({
    version: 2, format: 'irrtsite-search-index', ...LABELS,
    chunks: [['a', 'search/terms/0-x.json'], ['m', 'search/terms/1-y.json']],
    words: [['ab', 'search/words/0-z.json']],
    docs: { count: 40, block: 32, hashes: ['h0', 'h1'], prefix: 'search/docs/' },
  }, 'https://example.org/intl/search-index.json');
  assert.equal(index.split, true);
  assert.deepEqual(index.chunks, [
    ['a', 'https://example.org/intl/search/terms/0-x.json'],
    ['m', 'https://example.org/intl/search/terms/1-y.json'],
  ]);
  assert.deepEqual(index.words, [['ab', 'https://example.org/intl/search/words/0-z.json']]);
  assert.equal(core.docUrl(index, 0), 'https://example.org/intl/search/docs/0-h0.json');
  assert.equal(core.docUrl(index, 33), 'https://example.org/intl/search/docs/33-h1.json');
  assert.equal(core.typeLabel(index.labels, 'post'), 'Blog post');
  const item = core.makeItem({
    url: '/intl/a/', title: 'A', type: 'post', date: '2026-06-15T09:00:00-05:00', lang: 'ar',
    tags: ['Lima'], summary: 'Sum', text: 'Body', about: ['Ana Quispe', 'Peru'],
  }, index.labels);
  assert.deepEqual([item.dir, item.about, item.fText], ['rtl', 'Ana Quispe · Peru', 'body']);
});

test('anything else is not an index', () => {
  for (const data of [null, {}, { version: 2, items: [] }, { version: 1, items: {} },
    { version: 1, format: 'irrtsite-search-index', items: [] }]) {
    assert.throws(() => core.readIndex(data, 'https://example.org/search.json', null), /not a search index/);
  }
});

test('the core is pure: no DOM, no fetch, and no copies of the index\'s tables', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'assets', 'search-core.js'), 'utf8');
  for (const word of [/\bdocument\./, /\bwindow\./, /\bfetch\(/, /innerHTML/, /setTimeout/, /September/, /Blog post/]) {
    assert.ok(!word.test(source), word);
  }
  assert.ok(Object.isFrozen(core));
});
