'use strict';
// Shared by the tests in this folder (not itself a test file: node --test runs *.test.js).

const path = require('node:path');

const core = require(path.join(__dirname, '..', '..', 'templates', 'assets', 'search-core.js'));

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** A search.json-shaped index (complete: every item has its text), read by the core. */
function fullIndex(entries, labels = null) {
  const items = entries.map((e) => ({
    url: '/x/', type: 'post', date: null, lang: 'en', tags: [], summary: '', text: '', ...e,
  }));
  return core.readIndex({ version: 1, items }, 'https://example.org/search.json', labels);
}

/** Titles of the results for `query`, best first. */
function titles(index, query) {
  return core.search(index, core.parseQuery(query)).results.map((r) => r.item.title);
}

module.exports = { core, MONTHS, fullIndex, titles };
