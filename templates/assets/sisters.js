/*
 * Sister-library directory: filter the listings in the page, without a server.
 *
 * The page renders the form disabled, with the count of every listing, so the layout does not
 * shift when this script enables it. Without JavaScript it stays disabled (a <noscript> note
 * says why) and every listing shows, grouped by region.
 * With it: the selects (region, country, type, status, language) combine with AND, the
 * count in #sister-count says how many show, regions left empty are hidden, and the
 * choice is kept in the query string (?region=africa&status=seeking) so it can be shared;
 * opening such a URL applies it. "Show all" clears every filter.
 * No dependencies; the page's data is only read from attributes, never parsed as HTML.
 */
(() => {
  'use strict';

  const KEYS = ['region', 'country', 'type', 'status', 'language'];
  const form = document.getElementById('sister-filters');
  const directory = document.getElementById('directory');
  if (!form || !directory) {
    return;
  }
  const count = document.getElementById('sister-count');
  const items = Array.from(directory.querySelectorAll('.listing-item'));
  const regions = Array.from(directory.querySelectorAll('section.region'));

  function select(key) {
    const el = form.elements.namedItem(key);
    return el && el.tagName === 'SELECT' ? el : null;
  }

  /** {key: value} of every filter set. */
  function chosen() {
    const values = {};
    for (const key of KEYS) {
      const el = select(key);
      if (el && el.value) {
        values[key] = el.value;
      }
    }
    return values;
  }

  function matches(item, values) {
    return KEYS.every((key) => {
      const want = values[key];
      if (!want) {
        return true;
      }
      if (key === 'language') {
        return (item.getAttribute('data-languages') || '').split(/\s+/).includes(want);
      }
      return item.getAttribute(`data-${key}`) === want;
    });
  }

  function plural(n) {
    return n === 1 ? 'library' : 'libraries';
  }

  function showCount(shown) {
    if (!count) {
      return;
    }
    let text = `Showing ${shown} of ${items.length} ${plural(items.length)}`;
    if (shown === 0 && items.length > 0) {
      text += '. No library matches these filters; choose “Show all” to see every library.';
    }
    if (count.textContent !== text) {
      count.textContent = text;
    }
  }

  function apply() {
    const values = chosen();
    let shown = 0;
    for (const item of items) {
      const visible = matches(item, values);
      item.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    }
    for (const region of regions) {
      region.hidden = !region.querySelector('.listing-item:not([hidden])');
    }
    showCount(shown);
    return values;
  }

  function writeQuery(values) {
    if (!window.history || !window.history.replaceState) {
      return;
    }
    const params = new URLSearchParams(window.location.search);
    for (const key of KEYS) {
      params.delete(key);
      if (values[key]) {
        params.set(key, values[key]);
      }
    }
    const query = params.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  }

  function readQuery() {
    const params = new URLSearchParams(window.location.search);
    for (const key of KEYS) {
      const el = select(key);
      const value = params.get(key);
      if (el && value !== null) {
        const known = Array.from(el.options).some((option) => option.value === value);
        el.value = known ? value : '';
      }
    }
  }

  function update() {
    writeQuery(apply());
  }

  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    update();
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    for (const key of KEYS) {
      const el = select(key);
      if (el) {
        el.value = '';
      }
    }
    update();
  });

  readQuery();
  apply();
  // The form is rendered disabled (nothing to filter with without this script); enabling it
  // changes no size, so the page does not move.
  for (const fieldset of form.querySelectorAll('fieldset')) {
    fieldset.disabled = false;
  }
})();
