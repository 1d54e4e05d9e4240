// ESLint (flat config) for the site's scripts and their tests:
//   tools/node_modules/.bin/eslint templates/assets irrtsite tests/js
// ESLint and its packages are pinned in tools/package.json (npm ci --prefix tools), so they
// are required from there: the repository root has no node_modules of its own.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const toolsRequire = createRequire(path.join(__dirname, 'tools', 'package.json'));
const js = toolsRequire('@eslint/js');
const globals = toolsRequire('globals');

// One style for every file: modern declarations, strict equality, semicolons, one quote.
const style = {
  'no-var': 'error',
  'prefer-const': 'error',
  eqeqeq: ['error', 'always'],
  curly: ['error', 'all'],
  strict: ['error', 'safe'], // per function in scripts, per file in CommonJS
  'prefer-arrow-callback': 'error',
  'prefer-template': 'error',
  'object-shorthand': ['error', 'always'],
  'no-implicit-globals': 'error',
  'no-unused-vars': ['error', { caughtErrors: 'none' }],
  // The formatting rules below are deprecated in ESLint core (still working in ESLint 10);
  // they keep the three scripts alike without one more package.
  semi: ['error', 'always'],
  quotes: ['error', 'single', { avoidEscape: true }],
  indent: ['error', 2, { SwitchCase: 1 }],
  'comma-dangle': ['error', 'always-multiline'],
  'brace-style': ['error', '1tbs'],
  'eol-last': ['error', 'always'],
  'no-trailing-spaces': 'error',
  'max-len': ['error', { code: 120, ignoreRegExpLiterals: true, ignoreComments: false }],
};

module.exports = [
  js.configs.recommended,
  {
    // The scripts the site serves: classic scripts, no build step.
    files: ['templates/assets/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
    rules: style,
  },
  {
    // The live preview's script (irrtsite serve puts it into served pages; build never does).
    files: ['irrtsite/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
    rules: style,
  },
  {
    // The core is also loaded by Node (module.exports) for its tests.
    files: ['templates/assets/search-core.js'],
    languageOptions: { globals: { module: 'readonly' } },
  },
  {
    files: ['tests/js/**/*.js', 'eslint.config.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: style,
  },
];
