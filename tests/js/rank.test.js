'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { core, fullIndex, titles } = require('./_helpers.js');

const { TITLE, META, BODY, EXACT, PREFIX, SUBSTRING, WHOLE_TITLE } = core.SCORES;

test('a title match beats a summary or tag match, which beats a body match', () => {
  const index = fullIndex([
    { title: 'In the body', text: 'A library in the market.' },
    { title: 'In a tag', tags: ['Library'] },
    { title: 'Library news' },
    { title: 'In the summary', summary: 'About the library.' },
  ]);
  const { results } = core.search(index, core.parseQuery('library'));
  assert.deepEqual(results.map((r) => [r.item.title, r.score]), [
    ['Library news', TITLE + EXACT],
    ['In a tag', META + EXACT],
    ['In the summary', META + EXACT],
    ['In the body', BODY + EXACT],
  ]);
});

test('even a title substring beats an exact word anywhere else', () => {
  const index = fullIndex([
    { title: 'Exact in summary', summary: 'library' },
    { title: 'Sublibrary' },
  ]);
  assert.deepEqual(titles(index, 'library'), ['Sublibrary', 'Exact in summary']);
});

test('within a field: exact word > prefix > substring; the whole title exactly scores more', () => {
  const index = fullIndex([
    { title: 'Sublibrary plans' },
    { title: 'Libraryship today' },
    { title: 'The library today' },
    { title: 'Library' },
  ]);
  const { results } = core.search(index, core.parseQuery('library'));
  assert.deepEqual(results.map((r) => [r.item.title, r.score]), [
    ['Library', TITLE + EXACT + WHOLE_TITLE],
    ['The library today', TITLE + EXACT],
    ['Libraryship today', TITLE + PREFIX],
    ['Sublibrary plans', TITLE + SUBSTRING],
  ]);
});

test('every word must match (AND), and scores add up', () => {
  const index = fullIndex([
    { title: 'Bibliotecas públicas', text: 'Visits in Cusco.' },
    { title: 'Library road trips', text: 'The bibliotecas publicas of Lima.' },
    { title: 'Lima notes' },
  ]);
  assert.deepEqual(titles(index, 'bibliotecas lima'), ['Library road trips']);
  assert.deepEqual(titles(index, 'bibliotecas nowhere'), []);
  const scores = (q) => core.search(index, core.parseQuery(q)).results.map((r) => [r.item.title, r.score]);
  assert.deepEqual(scores('publicas bibliotecas'), [
    ['Bibliotecas públicas', 2 * (TITLE + EXACT)],
    ['Library road trips', 2 * (BODY + EXACT)],
  ]);
  assert.deepEqual(scores('Bibliotecas  Publicas'), [
    ['Bibliotecas públicas', 2 * (TITLE + EXACT) + WHOLE_TITLE], // the query folds to the title
    ['Library road trips', 2 * (BODY + EXACT)],
  ]);
});

test('equal scores: standing pages first, then the newest, then index order', () => {
  const index = fullIndex([
    { title: 'Old post', date: '2024-01-01T00:00:00-06:00', summary: 'library' },
    { title: 'A page', summary: 'library' },
    { title: 'New post', date: '2026-06-15T09:00:00-05:00', summary: 'library' },
    { title: 'Another page', summary: 'library' },
  ]);
  assert.deepEqual(titles(index, 'library'), ['A page', 'Another page', 'New post', 'Old post']);
});

test('accents, case and Arabic forms do not change the ranking', () => {
  const index = fullIndex([
    { title: 'المَكْتَبَةُ العامة في القرية', lang: 'ar' },
    { title: 'Other', text: 'مكتبة' },
  ]);
  for (const q of ['المكتبة', 'مَكتبة', 'المكـتبة', 'العامه']) {
    assert.equal(titles(index, q)[0], 'المَكْتَبَةُ العامة في القرية', q);
  }
  assert.deepEqual(titles(index, 'مكتبة'), ['المَكْتَبَةُ العامة في القرية', 'Other']);
});

test('the status line says how many, and how many are shown', () => {
  assert.equal(core.statusText('library', 2, 2), '2 results for “library”');
  assert.equal(core.statusText('one', 1, 1), '1 result for “one”');
  assert.equal(core.statusText('x', 0, 0), 'No results for “x”');
  assert.equal(core.statusText('library', 60, 10), '60 results for “library”, showing the best 10');
});
