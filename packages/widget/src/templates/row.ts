import { html, nothing, type TemplateResult } from 'lit';
import { fillExactTime } from '../exact-times.js';
import { relativeTime } from '../format.js';
import type { RowAction, RowBusy, RowView } from '../row-view.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { ConnectionView } from '../view-model.js';
import { accessTemplate } from './access.js';
import { datasetsTemplate } from './datasets.js';
import { displayName, shown, sourceTypeName, statusLabel } from '../labels.js';
import { messageTemplate } from './message.js';

export function logoTemplate(name: string, logoUrl: string | undefined, alt: string): TemplateResult {
  if (logoUrl) return html`<img part="logo" class="logo" src=${logoUrl} alt=${alt} width="32" height="32" loading="lazy" />`;
  return html`<span part="logo" class="logo letter" aria-hidden="true">${name.trim().charAt(0).toUpperCase()}</span>`;
}

/**
 * A relative time, after ` · label ` when a label is given. Not a Tab stop. Its exact time is filled
 * in after the first render (see `exact-times.ts`: the group of rows it is in, or the list of data
 * types, marks it) as text that screen readers read beside it, shown while the row has focus, and as
 * its title on hover. Nothing, label and all, for a missing date.
 */
export function timeTemplate(iso: string | undefined, locale: string, label?: string): TemplateResult | typeof nothing {
  const relative = relativeTime(iso, locale);
  // The label is in the time's template, not one of its own: a long list renders a template less per date.
  const lead = label === undefined ? nothing : ` · ${label} `;
  return relative ? html`${lead}<time datetime=${iso!}>${relative}<span class="exact visually-hidden"></span></time>` : nothing;
}

/** The meta line's words before its dates: the source type, and whether it was ever read (`synced`: its last read is shown). */
function kindText(s: ConnectionsStrings, sourceType: string | undefined, synced: boolean): string {
  return [sourceType && sourceTypeName(s, sourceType), synced ? s.lastSync : s.neverSynced].filter(Boolean).join(' · ');
}

function errorsTemplate(s: ConnectionsStrings, connection: ConnectionView, locale: string): TemplateResult | typeof nothing {
  if (connection.errors.length === 0) return nothing;
  return html`<details part="errors" class="errors">
    <summary>${s.errorsSummary(connection.errors.length)}</summary>
    <ul>
      ${connection.errors.map((error) => html`<li>${shown(error.message)} ${timeTemplate(error.time, locale)}</li>`)}
    </ul>
  </details>`;
}

/** A busy row's progress text, or the continue link when the popup was blocked. */
function pendingTemplate(s: ConnectionsStrings, name: string, busy: RowBusy): TemplateResult {
  if (busy.continueUrl) {
    return html`<span class="pending">${s.popupBlocked}</span>
      <a part="continue-link" class="button primary" href=${busy.continueUrl} target="_blank" rel="noopener noreferrer" data-action="continue">
        ${s.continueInNewTab(name)}
      </a>`;
  }
  const progress = {
    link: s.waitingForAuthorization,
    reconnect: s.waitingForAuthorization,
    unlink: s.unlinking,
    delete: s.deleting,
    check: s.checking,
    'refresh-data': s.refreshingData,
  };
  return html`<span part="pending" class="pending">${progress[busy.action]}</span>`;
}

/**
 * A row's button for an action: its words, and its accessible name with what it acts on. Each
 * button's markup is written out, so that only its words are bound.
 */
function actionButton(s: ConnectionsStrings, action: RowAction, name: string): TemplateResult {
  switch (action) {
    case 'reconnect':
      return html`<button part="reconnect-button" class="button primary" type="button" data-action="reconnect" aria-label=${s.reconnectNamed(name)}>${s.reconnect}</button>`;
    case 'unlink':
      return html`<button part="unlink-button" class="button" type="button" data-action="unlink" aria-label=${s.unlinkNamed(name)}>${s.unlink}</button>`;
    case 'refresh-data':
      return html`<button part="refresh-data-button" class="button" type="button" data-action="refresh-data" aria-label=${s.refreshDataNamed(name)}>${s.refreshData}</button>`;
    case 'delete':
      return html`<button part="delete-button" class="button danger" type="button" data-action="delete" aria-label=${s.deleteNamed(name)}>${s.delete}</button>`;
  }
}

/**
 * One connection. Its buttons carry `data-action` for the element's one click listener (no
 * closures per row), and only the buttons the row offers now are rendered.
 */
export function rowTemplate(row: RowView): TemplateResult {
  const { connection, strings: s, busy, locale } = row;
  const name = displayName(s, connection);
  const statusPart = `status status-${connection.state}`;
  const synced = timeTemplate(connection.lastSync, locale);
  const kind = kindText(s, connection.sourceType, synced !== nothing);
  const createdTime = timeTemplate(connection.created, locale, s.created);
  const connectedTime = timeTemplate(connection.connectedAt, locale, s.connectedAt);
  const disconnectedTime = timeTemplate(connection.disconnectedAt, locale, s.disconnectedAt);
  return html`<div part="item" class="item" role="listitem" data-id=${connection.id} tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
    ${logoTemplate(name, row.logoUrl, s.logoAlt(name))}
    <div class="main">
      <span part="name" class="name">${name}</span>
      <span part=${statusPart} class=${statusPart}>${statusLabel(s, connection)}</span>
      <span part="meta" class="meta">${kind} ${synced}${createdTime}${connectedTime}${disconnectedTime}</span> ${errorsTemplate(s, connection, locale)}
      ${datasetsTemplate(s, connection.datasets, row.staleAfter, locale, connection.state === 'linked')}
      ${accessTemplate(s, connection)} ${row.message ? messageTemplate(s, row.message, 'row-message') : nothing}
    </div>
    <div part="actions" class="actions">
      ${busy ? pendingTemplate(s, name, busy) : nothing} ${row.actions.map((action) => actionButton(s, action, name))}
    </div>
  </div>`;
}

/**
 * Exact times are filled in after the first render (`ExactTimesController`), and at once where
 * someone looks: every date of a row that gets focus (they show beside their relative time while it
 * has it), or one date hovered (its title).
 */
export function showExactTimes(target: EventTarget | null, locale: string): void {
  if (!(target instanceof Element)) return;
  const times = target instanceof HTMLTimeElement ? [target] : target.closest('.item')?.querySelectorAll('time[datetime]');
  for (const time of (times ?? []) as Iterable<HTMLTimeElement>) fillExactTime(time, locale);
}
