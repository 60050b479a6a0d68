import type { CatalogueEntry } from './catalogue.js';

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Strict policy for the emulator's own pages: its stylesheet and images only, no script at all. */
export const pageHeaders = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

/**
 * A page of the emulator's: `body` is HTML already escaped; `assets` the folder its stylesheet
 * (`styles.css`) and icon (`icon.svg`) are served from. The icon is named so that the browser does
 * not ask for `/favicon.ico`, which the emulator does not serve: a 404 in the popup's console.
 */
export function page(title: string, body: string, assets: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${escapeHtml(assets)}/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${escapeHtml(assets)}/styles.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The pages' icon: a plain link mark, the emulator's own (not Codat's logo). */
const pageIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3b4bd8"/><path d="M13 19l6-6M11.5 15.5l-2 2a3.5 3.5 0 0 0 5 5l2-2M20.5 16.5l2-2a3.5 3.5 0 0 0-5-5l-2 2" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/></svg>`;

/** The answer to `{assets}/icon.svg` for the pages above. */
export function pageIconResponse(): Response {
  return new Response(pageIcon, {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Content-Security-Policy': "default-src 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=3600',
    },
  });
}

/**
 * The emulator's stand-in for Codat's hosted link page: the platform and a plain form whose
 * Authorize and Deny buttons post back to the same URL. Built from catalogue constants only.
 */
export function linkPage(entry: CatalogueEntry, basePath: string, companyName: string): string {
  const name = escapeHtml(entry.name);
  return page(
    `Connect ${entry.name}`,
    `<img class="logo" src="${escapeHtml(basePath)}/integrations/${escapeHtml(entry.key)}/logo.svg" alt="" width="64" height="64">
<h1>Connect ${name}</h1>
<p>${escapeHtml(companyName)} is asking for access to your ${name} data (${escapeHtml(entry.sourceType.toLowerCase())}).</p>
<p class="note">This is the Codat emulator: no data leaves this machine.</p>
<form method="post">
<button type="submit" name="decision" value="authorize">Authorize ${name}</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
    `${basePath}/link`,
  );
}

/** Shown after Authorize or Deny when no redirect URL is configured. */
export function donePage(linked: boolean, basePath: string): string {
  const heading = linked ? 'Connection authorized' : 'Connection not authorized';
  return page(heading, `<h1>${heading}</h1>\n<p>You can close this window.</p>`, `${basePath}/link`);
}

export function notFoundPage(basePath: string): string {
  return page('Link not found', '<h1>Link not found</h1>\n<p>This link does not name a connection the emulator knows.</p>', `${basePath}/link`);
}

export const linkStyles = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: grid; min-height: 100vh; place-items: center; }
main { max-width: 28rem; padding: 1.5rem; text-align: center; }
.scopes { text-align: left; }
.logo { border-radius: 12px; }
.note { opacity: 0.7; font-size: 0.875rem; }
form { display: flex; gap: 0.75rem; justify-content: center; margin-top: 1.5rem; }
button { font: inherit; padding: 0.5rem 1.25rem; border-radius: 6px; border: 1px solid currentColor; cursor: pointer; }
button[value="authorize"], button[value="approve"] { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
`;

/** A rounded square in the platform's colour with its initials; built from catalogue constants only. */
export function logoSvg(entry: Pick<CatalogueEntry, 'name' | 'colour' | 'initials'>): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${escapeHtml(entry.name)}">
<rect width="64" height="64" rx="12" fill="${escapeHtml(entry.colour)}"/>
<text x="32" y="41" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="${entry.initials.length > 1 ? 24 : 30}" font-weight="700" fill="#ffffff">${escapeHtml(entry.initials)}</text>
</svg>
`;
}
