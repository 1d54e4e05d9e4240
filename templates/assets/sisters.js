/* Sister-library directory: filter the listings in the page, without a server.
 *
 * Without JavaScript the form stays hidden and every listing shows, grouped by region.
 * With it: the selects (region, country, type, status, language) combine with AND, the
 * count in #sister-count says how many show, regions left empty are hidden, and the
 * choice is kept in the query string (?region=africa&status=seeking) so it can be shared;
 * opening such a URL applies it. "Show all" clears every filter.
 * No dependencies; the page's data is only read from attributes, never parsed as HTML.
 */
(function () {
  "use strict";

  var KEYS = ["region", "country", "type", "status", "language"];
  var form = document.getElementById("sister-filters");
  var directory = document.getElementById("directory");
  if (!form || !directory) {
    return;
  }
  var count = document.getElementById("sister-count");
  var items = Array.prototype.slice.call(directory.querySelectorAll(".listing-item"));
  var regions = Array.prototype.slice.call(directory.querySelectorAll("section.region"));

  function select(key) {
    var el = form.elements.namedItem(key);
    return el && el.tagName === "SELECT" ? el : null;
  }

  function chosen() {
    var values = {};
    KEYS.forEach(function (key) {
      var el = select(key);
      if (el && el.value) {
        values[key] = el.value;
      }
    });
    return values;
  }

  function matches(item, values) {
    return KEYS.every(function (key) {
      var want = values[key];
      if (!want) {
        return true;
      }
      if (key === "language") {
        var codes = (item.getAttribute("data-languages") || "").split(/\s+/);
        return codes.indexOf(want) !== -1;
      }
      return item.getAttribute("data-" + key) === want;
    });
  }

  function plural(n) {
    return n === 1 ? "library" : "libraries";
  }

  function apply() {
    var values = chosen();
    var shown = 0;
    items.forEach(function (item) {
      var visible = matches(item, values);
      item.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    regions.forEach(function (region) {
      region.hidden = !region.querySelector(".listing-item:not([hidden])");
    });
    if (count) {
      var text = "Showing " + shown + " of " + items.length + " " + plural(items.length);
      if (shown === 0 && items.length > 0) {
        text += ". No library matches these filters; choose \u201cShow all\u201d to see every library.";
      }
      if (count.textContent !== text) {
        count.textContent = text;
      }
    }
    return values;
  }

  function writeQuery(values) {
    if (!window.history || !window.history.replaceState) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) {
      params.delete(key);
      if (values[key]) {
        params.set(key, values[key]);
      }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function readQuery() {
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) {
      var el = select(key);
      var value = params.get(key);
      if (!el || value === null) {
        return;
      }
      var known = Array.prototype.some.call(el.options, function (option) {
        return option.value === value;
      });
      el.value = known ? value : "";
    });
  }

  function update() {
    writeQuery(apply());
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    KEYS.forEach(function (key) {
      var el = select(key);
      if (el) {
        el.value = "";
      }
    });
    update();
  });

  readQuery();
  form.hidden = false;
  apply();
})();
