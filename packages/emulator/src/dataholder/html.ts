import { escapeHtml, page } from '../html.js';
import { scopeWords } from './scopes.js';

/**
 * The emulator's stand-in for a dataholder's consent page: who asks, the scopes asked for, and a
 * plain form whose Approve and Reject buttons post back to the same URL. Every value is escaped.
 */
export function consentPage(basePath: string, consent: { app: string; dataholder: string; logoUrl: string | undefined; scopes: readonly string[] }): string {
  const dataholder = escapeHtml(consent.dataholder);
  const logo = consent.logoUrl ? `<img class="logo" src="${escapeHtml(consent.logoUrl)}" alt="" width="64" height="64">\n` : '';
  const scopes = consent.scopes.map((scope) => `<li>${escapeHtml(scopeWords[scope] ?? scope)} <code>${escapeHtml(scope)}</code></li>`).join('\n');
  return page(
    `Share your ${consent.dataholder} data`,
    `${logo}<h1>Share your ${dataholder} data</h1>
<p>${escapeHtml(consent.app)} is asking ${dataholder} to share:</p>
<ul class="scopes">
${scopes}
</ul>
<p class="note">This is the dataholder emulator: no data leaves this machine.</p>
<form method="post">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="reject">Reject</button>
</form>`,
    `${basePath}/consent`,
  );
}

export function consentNotFoundPage(basePath: string): string {
  return page('Consent not found', '<h1>Consent not found</h1>\n<p>This consent does not exist or has already been answered.</p>', `${basePath}/consent`);
}
