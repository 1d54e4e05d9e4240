'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { core } = require('./_helpers.js');

const { parseQuery, quality } = core;
const { EXACT, PREFIX, SUBSTRING } = core.SCORES;
const term = (q) => parseQuery(q)[0];

test('a query is its distinct folded words, punctuation trimmed', () => {
  assert.deepEqual(parseQuery('  Bibliotecas, públicas!  ').map((t) => t.text), ['bibliotecas', 'publicas']);
  assert.deepEqual(parseQuery('Lima lima LIMA').map((t) => t.text), ['lima']);
  assert.deepEqual(parseQuery('"(library)" «Lima»').map((t) => t.text), ['library', 'lima']);
  assert.deepEqual(parseQuery('l’école').map((t) => t.text), ["l'ecole"]); // inner apostrophe kept
  assert.deepEqual(parseQuery('مكتبة،قراءة').map((t) => t.text), ['مكتبه', 'قراءه']); // Arabic comma
  assert.deepEqual(parseQuery('图书馆　建设').map((t) => t.text), ['图书馆', '建设']); // ideographic space
  assert.deepEqual(parseQuery(''), []);
  assert.deepEqual(parseQuery(' !!! … '), []);
});

test('terms know their script', () => {
  assert.deepEqual(parseQuery('图书馆'), [{ text: '图书馆', spaceless: true, arabic: false }]);
  assert.deepEqual(parseQuery('المكتبة'), [{ text: 'المكتبه', spaceless: false, arabic: true }]);
  assert.deepEqual(parseQuery('Library'), [{ text: 'library', spaceless: false, arabic: false }]);
});

test('match quality: exact word > word prefix > substring > none', () => {
  assert.equal(quality('the library opens', term('library')), EXACT);
  assert.equal(quality('libraries abroad', term('librar')), PREFIX);
  assert.equal(quality('public libraries', term('brar')), SUBSTRING);
  assert.equal(quality('sublibrary', term('library')), SUBSTRING);
  assert.equal(quality('reading rooms', term('library')), 0);
  assert.equal(quality('', term('library')), 0);
  // the best occurrence counts, not the first
  assert.equal(quality('sublibrary and library', term('library')), EXACT);
  assert.equal(quality('sublibrary, librarian', term('library')), SUBSTRING);
  assert.equal(quality('sublibrary, libraryship', term('library')), PREFIX);
  assert.ok(EXACT > PREFIX && PREFIX > SUBSTRING && SUBSTRING > 0);
});

test('CJK terms match as substrings, at full strength', () => {
  assert.equal(quality('乡村图书馆建设', term('图书馆')), EXACT);
  assert.equal(quality('县图书馆把乡村的图书角变成', term('图书角')), EXACT);
  assert.equal(quality('乡村图书馆建设', term('图书角')), 0);
});

test('Arabic words match after the article and one-letter proclitics', () => {
  const hay = (s) => core.fold(s);
  assert.equal(quality(hay('المكتبة العامة'), term('مكتبة')), EXACT); // ال + word
  assert.equal(quality(hay('بالمكتبة'), term('مكتبة')), EXACT); // ب + ال + word
  assert.equal(quality(hay('للمكتبة'), term('مكتبة')), EXACT); // لل + word
  assert.equal(quality(hay('والمكتبة'), term('المكتبة')), EXACT); // و + the word with its article
  assert.equal(quality(hay('المكتبات'), term('مكتب')), PREFIX);
  assert.equal(quality(hay('مَكْتَبَة'), term('مكتبة')), EXACT); // harakat on one side only
  // not after just any letters
  assert.equal(quality(hay('سمكتبة'), term('مكتبة')), SUBSTRING);
});
