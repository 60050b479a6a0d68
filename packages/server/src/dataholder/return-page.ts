import { baseHeaders } from '../errors.js';

/** The return page's heading by the platform's `outcome`: constants, so nothing from the URL is written into the page. */
const titles = { approved: 'Connection approved', rejected: 'Consent not given' } as const;

/**
 * The page's icon, inline: without one the browser asks for `/favicon.ico`, which this page's
 * policy refuses, and the popup's console logs the refusal.
 */
const icon = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3b4bd8"/></svg>')}`;

/** Text for an HTML attribute: the handler's configured origins, escaped all the same. */
const attribute = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

/**
 * The page the consent journey ends on (the platform's redirect goes to it). It carries no inline
 * script and no value from the URL: its script, served from the same origin, reads the URL. It
 * names the handler's `allowedOrigins` (configuration, not the URL), the other origins whose pages
 * a journey by redirect may come back to.
 */
export function returnPage(scriptUrl: string, outcome: string | undefined, returnOrigins: ReadonlySet<string>): Response {
  const title = (outcome === 'approved' || outcome === 'rejected' ? titles[outcome] : undefined) ?? 'Consent finished';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${icon}" type="image/svg+xml">
<meta name="codat-return-origins" content="${attribute([...returnOrigins].join(' '))}">
<script src="${scriptUrl}" defer></script>
</head>
<body>
<main>
<h1>${title}</h1>
<p>You can close this window.</p>
</main>
</body>
</html>
`;
  return new Response(html, {
    headers: {
      ...baseHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; script-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      // The URL holds the connection's id: no other site learns it from a referrer.
      'Referrer-Policy': 'no-referrer',
    },
  });
}

/**
 * Tells the page that opened the consent window which connection the journey was about, on this
 * origin only, then closes the window. The page reloads that connection, whatever the outcome.
 * Without an opener (`link-mode="redirect"`), sends the user back to `returnTo`, a page of this
 * origin or of one the page names (the handler's `allowedOrigins`), https or http on loopback
 * only, with `connectionId` and `outcome`.
 */
export const returnScript = `// codat-connections: the end of a dataholder consent journey.
(function () {
  var params = new URLSearchParams(window.location.search);
  var connectionId = params.get('connectionId');
  if (!connectionId || !/^[\\w-]{1,128}$/.test(connectionId)) return;
  if (window.opener) {
    window.opener.postMessage({ type: 'codat-connections:linked', connectionId: connectionId }, window.location.origin);
    window.close();
    return;
  }
  var back;
  try {
    back = new URL(params.get('returnTo') || '');
  } catch (error) {
    return;
  }
  var named = document.querySelector('meta[name="codat-return-origins"]');
  var origins = [window.location.origin].concat(named ? named.getAttribute('content').split(' ') : []);
  if (origins.indexOf(back.origin) < 0) return;
  // The rule of isOpenableUrl (@codat-connections/core), which this page cannot import.
  var host = back.hostname;
  var loopback = host === 'localhost' || /\\.localhost$/.test(host) || host === '127.0.0.1' || host === '[::1]';
  if (back.protocol !== 'https:' && !(back.protocol === 'http:' && loopback)) return;
  back.searchParams.set('connectionId', connectionId);
  back.searchParams.set('outcome', params.get('outcome') === 'approved' ? 'approved' : 'rejected');
  window.location.replace(back.href);
})();
`;

export function returnScriptResponse(): Response {
  return new Response(returnScript, { headers: { ...baseHeaders, 'Content-Type': 'text/javascript; charset=utf-8' } });
}
