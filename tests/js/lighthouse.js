/*
 * Lighthouse over a list of pages with one Chromium (tests/test_lighthouse.py runs it).
 *
 *   CHROME_PATH=/usr/bin/chromium node tests/js/lighthouse.js URL...
 *
 * Mobile profile (Lighthouse's default: Moto G Power screen, slow 4G, 4x CPU slowdown),
 * throttling simulated, categories performance, accessibility, best practices and SEO.
 * Prints one JSON object: {URL: {scores: {category: score}, cls, failing: [audit, ...]}}.
 * Lighthouse and chrome-launcher come from tools/node_modules (npm ci --prefix tools);
 * nothing is fetched: the pages are the caller's, served on 127.0.0.1.
 */
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const toolsRequire = createRequire(path.join(__dirname, '..', '..', 'tools', 'package.json'));
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** The audits that cost points: failed, scored ones with their displayed value. */
function failing(lhr) {
  return Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && !a.id.endsWith('-insight'))
    .filter((a) => ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode))
    .map((a) => `${a.id} (${a.score}${a.displayValue ? `, ${a.displayValue}` : ''})`);
}

async function main(urls) {
  const { default: lighthouse } = await import(toolsRequire.resolve('lighthouse'));
  const chromeLauncher = await import(toolsRequire.resolve('chrome-launcher'));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const results = {};
  try {
    for (const url of urls) {
      const runner = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        formFactor: 'mobile',
        throttlingMethod: 'simulate',
        // the site is static and served locally: half a second of quiet means loaded
        pauseAfterFcpMs: 500,
        pauseAfterLoadMs: 500,
        networkQuietThresholdMs: 500,
        cpuQuietThresholdMs: 500,
        // not scored, and slow: the page screenshot and the back/forward cache test
        disableFullPageScreenshot: true,
        skipAudits: ['bf-cache'],
      });
      const lhr = runner.lhr;
      if (lhr.runtimeError) {
        throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      }
      const scores = {};
      for (const id of CATEGORIES) {
        scores[id] = lhr.categories[id].score;
      }
      results[url] = {
        scores,
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        failing: failing(lhr),
      };
    }
  } finally {
    await chrome.kill();
  }
  process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
