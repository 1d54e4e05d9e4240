// The live preview's page part, put into pages by `irrtsite serve` only (never by `build`).
// It listens to the preview's events: when the site was rebuilt, the page reloads; while the
// content has errors, a panel lists them as path:line: message (text only, never markup).
(() => {
  'use strict';

  const script = document.currentScript;
  const version = (script && script.dataset.version) || '';
  const PANEL_ID = 'irrtsite-problems';
  let source = null;
  let panel = null;
  let dismissed = null; // the problems the editor dismissed, until they change

  const style = (element, rules) => {
    Object.assign(element.style, rules);
    return element;
  };

  const hide = () => {
    if (panel) {
      panel.remove();
      panel = null;
    }
  };

  const dismiss = (key) => {
    dismissed = key;
    hide();
  };

  const build = (problems, key) => {
    const box = style(document.createElement('div'), {
      position: 'fixed',
      left: '1rem',
      right: '1rem',
      bottom: '1rem',
      zIndex: '2147483647',
      maxHeight: '60vh',
      overflow: 'auto',
      padding: '1rem 1.25rem',
      background: '#ffffff',
      color: '#1a1a1a',
      border: '3px solid #b00020',
      borderRadius: '6px',
      boxShadow: '0 4px 24px rgba(0, 0, 0, 0.35)',
      font: '1rem/1.5 system-ui, sans-serif',
      textAlign: 'left',
    });
    box.id = PANEL_ID;
    box.setAttribute('role', 'alert');
    box.lang = 'en';
    box.dir = 'ltr';

    const title = style(document.createElement('p'), {
      margin: '0 0 0.5rem',
      fontWeight: 'bold',
      fontSize: '1.15rem',
      color: '#b00020',
    });
    title.textContent = problems.length === 1 ? 'The site has an error' : `The site has ${problems.length} errors`;

    const help = style(document.createElement('p'), { margin: '0 0 0.5rem' });
    help.textContent = 'This page shows the last version that worked. '
      + 'Fix the problems below and save: this page will update by itself.';

    const list = style(document.createElement('ul'), { margin: '0 0 0.75rem', paddingLeft: '1.25rem' });
    for (const problem of problems) {
      const item = style(document.createElement('li'), {
        fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
      });
      item.textContent = problem;
      list.append(item);
    }

    const close = style(document.createElement('button'), {
      font: 'inherit',
      padding: '0.25rem 1rem',
      cursor: 'pointer',
    });
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => dismiss(key));

    box.append(title, help, list, close);
    return box;
  };

  const show = (problems) => {
    const key = problems.join('\n');
    if (key === dismissed || (panel && panel.dataset.key === key)) {
      return;
    }
    hide();
    dismissed = null;
    panel = build(problems, key);
    panel.dataset.key = key;
    document.body.append(panel);
  };

  const disconnect = () => {
    if (source) {
      source.close();
      source = null;
    }
  };

  const onState = (event) => {
    const state = JSON.parse(event.data);
    if (state.version !== version) {
      disconnect();
      window.location.reload();
      return;
    }
    if (state.problems.length > 0) {
      show(state.problems);
    } else {
      dismissed = null;
      hide();
    }
  };

  const connect = () => {
    if (!source) {
      source = new EventSource('/__irrtsite/events');
      source.addEventListener('state', onState);
    }
  };

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && panel) {
      dismiss(panel.dataset.key);
    }
  });
  // Only visible pages listen: browsers open few connections to one server at a time, and a
  // tab that comes back to view hears the latest state at once (and reloads if it is old).
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      disconnect();
    } else {
      connect();
    }
  });
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) { // brought back from the browser's cache: it may be old
      window.location.reload();
    }
  });
  if (document.visibilityState !== 'hidden') {
    connect();
  }
})();
