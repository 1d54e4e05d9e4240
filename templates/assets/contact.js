/* E-mail contacts, assembled in the browser.
 *
 * The page never holds an address as text: each <span class="email-contact"> carries
 * data-u and data-d, the base64 of the reversed user part and domain (UTF-8), and
 * data-label, the link's text. Here they become <a href="mailto:user@domain">label</a>
 * followed by the address, built with createElement and textContent only.
 */
(function () {
  "use strict";

  function decode(encoded) {
    var binary = window.atob(encoded || "");
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    var text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return Array.from(text).reverse().join("");
  }

  function mailtoPart(text) {
    // Characters that would end the address or start headers in a mailto: URL.
    return text.replace(/[%?#&\s"<>\\^`{|}]/g, function (c) {
      return encodeURIComponent(c);
    });
  }

  function assemble(span) {
    var user, domain;
    try {
      user = decode(span.getAttribute("data-u"));
      domain = decode(span.getAttribute("data-d"));
    } catch (error) {
      return;
    }
    if (!user || !domain || /[@\s<>]/.test(user + domain)) {
      return;
    }
    var address = user + "@" + domain;
    var link = document.createElement("a");
    link.setAttribute("href", "mailto:" + mailtoPart(user) + "@" + mailtoPart(domain));
    link.className = "email-link";
    link.textContent = span.getAttribute("data-label") || address;
    while (span.firstChild) {
      span.removeChild(span.firstChild);
    }
    span.appendChild(link);
    if (span.getAttribute("data-label")) {
      var shown = document.createElement("span");
      shown.className = "email-address";
      shown.textContent = " (" + address + ")";
      span.appendChild(shown);
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".email-contact"), assemble);
})();
