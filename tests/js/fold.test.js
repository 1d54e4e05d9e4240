'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { core } = require('./_helpers.js');

const { fold } = core;

test('case and Latin accents fold away', () => {
  assert.equal(fold('Públicas'), 'publicas');
  assert.equal(fold('ÉCOLE Ça Brûle'), 'ecole ca brule');
  assert.equal(fold('Hello World'), 'hello world'); // plain ASCII: only lower-cased
  assert.equal(fold('pu\u0301blicas'), 'publicas'); // accent as a combining mark (NFD)
  assert.equal(fold('Straße'), 'strasse');
  assert.equal(fold('ΟΔΟΣ'), fold('οδος'));
  assert.equal(fold('ΟΔΟΣ'), 'οδοσ'); // final sigma is sigma
  assert.equal(fold('ＡＢＣ１'), 'abc1'); // full-width forms (NFKD)
  assert.equal(fold('l’école'), "l'ecole"); // curly apostrophe
  assert.equal(fold('bib\u00ADlio\u200Bteca'), 'biblioteca'); // soft hyphen, zero-width space
});

test('Arabic harakat and tatweel fold away', () => {
  assert.equal(fold('المَكْتَبَةُ'), 'المكتبه');
  assert.equal(fold('المكـتبة'), 'المكتبه'); // tatweel
  assert.equal(fold('قرّاء'), 'قراء'); // shadda
  assert.equal(fold('المَكْتَبَةُ'), fold('المكتبة'));
});

test('Arabic letter forms fold to one', () => {
  assert.equal(fold('أبواب'), 'ابواب'); // alef with hamza above
  assert.equal(fold('إسلام'), 'اسلام'); // alef with hamza below
  assert.equal(fold('آخر'), 'اخر'); // alef with madda
  assert.equal(fold('ٱلكتاب'), 'الكتاب'); // alef wasla
  assert.equal(fold('مستشفى'), 'مستشفي'); // alef maqsura -> yeh
  assert.equal(fold('فارسی'), 'فارسي'); // Farsi yeh -> yeh
  assert.equal(fold('کتاب'), 'كتاب'); // keheh -> kaf
  assert.equal(fold('العامة'), fold('العامه')); // teh marbuta -> heh
});

test('scripts without case or accents stay as they are', () => {
  assert.equal(fold('乡村图书馆建设'), '乡村图书馆建设');
  assert.notEqual(fold('图书馆'), fold('图书'));
});
