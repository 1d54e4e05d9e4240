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

test('the compact index: items, tables and shard addresses', () => {
  const index = core.readIndex({
    version: 1, format: 'irrtsite-search-index', types: ['event', 'post'], tags: ['Lima', 'Cusco'],
    ...LABELS,
    shards: [{ url: 'search/text-a.json', count: 2, bytes: 10 }, { url: 'search/text-b.json', count: 1, bytes: 5 }],
    items: [
      ['/intl/a/', 'A', 1, '2026-06-15T09:00:00-05:00', 'es', [1, 0], 'Sum', ''],
      ['/intl/b/', 'B', 0, null, 'ar', [], '', 'Head words'],
      ['/intl/c/', 'C', 1, null, 'en', [], '', ''],
    ],
  }, 'https://example.org/intl/search-index.json');
  const [a, b] = index.items;
  assert.deepEqual([a.type, a.tags, a.date, a.summary, a.text],
    ['post', ['Cusco', 'Lima'], '2026-06-15T09:00:00-05:00', 'Sum', null]);
  assert.deepEqual([b.type, b.head, b.fHead, b.dir], ['event', 'Head words', 'head words', 'rtl']);
  assert.deepEqual(index.shards.map((s) => [s.url, s.start, s.count, s.state]), [
    ['https://example.org/intl/search/text-a.json', 0, 2, 'new'],
    ['https://example.org/intl/search/text-b.json', 2, 1, 'new'],
  ]);
  assert.equal(index.complete, false);
  assert.equal(core.typeLabel(index.labels, a.type), 'Blog post');
  assert.deepEqual(core.shardTexts(index, index.shards[1], { version: 1, text: ['x'] }), ['x']);
  assert.throws(() => core.shardTexts(index, index.shards[1], { version: 1, text: ['x', 'y'] }), /not the shard/);
  assert.throws(() => core.shardTexts(index, index.shards[0], null), /not the shard/);
});

test('anything else is not an index', () => {
  for (const data of [null, {}, { version: 2, items: [] }, { version: 1, items: {} }]) {
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
