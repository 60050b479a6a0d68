import { html, nothing, type TemplateResult } from 'lit';
import { shown } from '../labels.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { ConnectionView } from '../view-model.js';

/** A key in the catalogue's words, else as the source wrote it (own entries only: the key comes from the API). */
const named = (names: Record<string, string>, key: string): string => (Object.hasOwn(names, key) && names[key]) || shown(key);

/** A list of keys in words; `null` is what the model means by none or all (`whenNull`). */
function listed(names: Record<string, string>, keys: readonly string[] | null, whenNull: string): string {
  if (keys === null) return whenNull;
  return keys.length ? keys.map((key) => named(names, key)).join(', ') : '—';
}

/**
 * What a consent-based connection shares and reads, expandable: its scopes ("not active" when
 * `null`) and its metrics ("all data" when `null`). Nothing for a model without them (Codat's).
 */
export function accessTemplate(s: ConnectionsStrings, connection: ConnectionView): TemplateResult | typeof nothing {
  const { scopes, metrics } = connection;
  if (scopes === undefined && metrics === undefined) return nothing;
  return html`<details part="access" class="access">
    <summary>${s.access}</summary>
    ${scopes === undefined ? nothing : html`<p>${s.scopesGranted} <span part="scopes">${listed(s.scopes, scopes, s.scopesNone)}</span></p>`}
    ${metrics === undefined ? nothing : html`<p>${s.metricsRequested} <span part="metrics">${listed(s.dataTypes, metrics, s.metricsAll)}</span></p>`}
  </details>`;
}
