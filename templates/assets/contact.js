/*
 * E-mail contacts, assembled in the browser.
 *
 * The page never holds an address as text: each <span class="email-contact"> carries
 * data-u and data-d, the base64 of the reversed user part and domain (UTF-8), and
 * data-label, the link's text. Here they become <a href="mailto:user@domain">label</a>
 * followed by the address, built with createElement and textContent only.
 */
(() => {
  'use strict';

  function decode(encoded) {
    const binary = window.atob(encoded || '');
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return Array.from(text).reverse().join('');
  }

  function mailtoPart(text) {
    // Characters that would end the address or start headers in a mailto: URL.
    return text.replace(/[%?#&\s"<>\\^`{|}]/g, (c) => encodeURIComponent(c));
  }

  function assemble(span) {
    let user;
    let domain;
    try {
      user = decode(span.getAttribute('data-u'));
      domain = decode(span.getAttribute('data-d'));
    } catch {
      return; // not base64 or not UTF-8: leave the span as it is
    }
    if (!user || !domain || /[@\s<>]/.test(user + domain)) {
      return;
    }
    const address = `${user}@${domain}`;
    const label = span.getAttribute('data-label');
    const link = document.createElement('a');
    link.setAttribute('href', `mailto:${mailtoPart(user)}@${mailtoPart(domain)}`);
    link.className = 'email-link';
    link.textContent = label || address;
    span.replaceChildren(link);
    if (label) {
      const shown = document.createElement('span');
      shown.className = 'email-address';
      shown.textContent = ` (${address})`;
      span.append(shown);
    }
  }

  for (const span of document.querySelectorAll('.email-contact')) {
    assemble(span);
  }
})();
