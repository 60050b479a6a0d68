import { html, nothing, type TemplateResult } from 'lit';
import type { RowState } from '../controllers/row-actions.js';
import type { ShownMessage } from '../messages.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { ConnectionView } from '../view-model.js';
import { relativeTime } from '../format.js';
import { displayName, sourceTypeName, statusLabel } from './labels.js';
import { messageTemplate } from './message.js';
import { datasetsTemplate } from './datasets.js';
import { accessTemplate } from './access.js';

/** Everything one row shows: a new object only when something in it changed. */
export interface RowView {
  readonly connection: ConnectionView;
  /** A logo already checked as safe to load. */
  readonly logoUrl: string | undefined;
  readonly busy: RowState | undefined;
  readonly message: ShownMessage | undefined;
  readonly canReconnect: boolean;
  readonly canUnlink: boolean;
  readonly canDelete: boolean;
  readonly canRefreshData: boolean;
  /** How old a linked connection's least recent data may be before the row warns, in milliseconds. */
  readonly staleAfter: number;
  readonly strings: ConnectionsStrings;
  readonly locale: string;
}

export function logoTemplate(name: string, logoUrl: string | undefined, alt: string): TemplateResult {
  return logoUrl
    ? html`<img part="logo" class="logo" src=${logoUrl} alt=${alt} width="32" height="32" loading="lazy" />`
    : html`<span part="logo" class="logo letter" aria-hidden="true" .textContent=${name.trim().charAt(0).toUpperCase()}></span>`;
}

/**
 * A relative time. Not a Tab stop: its exact time is filled in when someone looks (the element's
 * `showExactTime`): shown beside it while the row has focus, and as its title on hover.
 */
function timeTemplate(iso: string | undefined, locale: string): TemplateResult | typeof nothing {
  const relative = relativeTime(iso, locale);
  return relative ? html`<time datetime=${iso!} .textContent=${relative}></time>` : nothing;
}

/** When a consent-based connection was connected and disconnected, when the source says. */
function consentDates(s: ConnectionsStrings, connection: ConnectionView, locale: string): TemplateResult | typeof nothing {
  const { connectedAt, disconnectedAt } = connection;
  if (!connectedAt && !disconnectedAt) return nothing;
  return html`${connectedAt ? html` · ${s.connectedAt} ${timeTemplate(connectedAt, locale)}` : nothing}${
    disconnectedAt ? html` · ${s.disconnectedAt} ${timeTemplate(disconnectedAt, locale)}` : nothing
  }`;
}

/** A busy row's progress text, or the continue link when the popup was blocked. */
function pendingTemplate(strings: ConnectionsStrings, name: string, busy: RowState): TemplateResult {
  if (busy.continueUrl) {
    return html`<span class="pending">${strings.popupBlocked}</span>
      <a part="continue-link" class="button primary" href=${busy.continueUrl} target="_blank" rel="noopener noreferrer" data-action="continue"
        >${strings.continueInNewTab(name)}</a
      >`;
  }
  const progress = {
    link: strings.waitingForAuthorization,
    unlink: strings.unlinking,
    delete: strings.deleting,
    check: strings.checking,
    refresh: strings.refreshingData,
  };
  return html`<span part="pending" class="pending">${progress[busy.action]}</span>`;
}

/**
 * One connection. Its dates are not Tab stops (their exact times show while the row has focus). Its buttons carry `data-action` for the element's one click listener (no
 * closures per row). Text goes in through `.textContent` where an element holds only text, and no
 * whitespace sits between grid or flex children: cloning and filling 1,000 rows is most of a long
 * list's first render.
 */
export function rowTemplate(row: RowView): TemplateResult {
  const { connection, strings: s, busy, locale } = row;
  const name = displayName(s, connection);
  const statusPart = `status-${connection.state}`;
  const lastSync = relativeTime(connection.lastSync, locale);
  const created = relativeTime(connection.created, locale);
  return html`<li part="item" class="item" data-id=${connection.id} tabindex="-1" aria-busy=${busy ? 'true' : 'false'}
    >${logoTemplate(name, row.logoUrl, s.logoAlt(name))}<div class="main"
      ><span part="name" class="name" .textContent=${name}></span
      ><span part=${`status ${statusPart}`} class=${`status ${statusPart}`} .textContent=${statusLabel(s, connection)}></span
      ><span part="meta" class="meta"
        >${[connection.sourceType && sourceTypeName(s, connection.sourceType), lastSync ? s.lastSync : s.neverSynced].filter(Boolean).join(' · ')}
        <time datetime=${connection.lastSync ?? nothing} .textContent=${lastSync ?? ''}></time>${
          created ? html` · ${s.created} <time datetime=${connection.created!} .textContent=${created}></time>` : nothing
        }${consentDates(s, connection, locale)}</span
      >${
        connection.errors.length
          ? html`<details part="errors" class="errors">
            <summary>${s.errorsSummary(connection.errors.length)}</summary>
            <ul>
              ${connection.errors.map((error) => html`<li>${error.message} ${timeTemplate(error.time, locale)}</li>`)}
            </ul>
          </details>`
          : nothing
      }${connection.state === 'linked' ? datasetsTemplate(s, connection.datasets, row.staleAfter, locale) : nothing}${accessTemplate(s, connection)}${
        row.message ? messageTemplate(s, row.message, 'row-message') : nothing
      }</div
    ><div part="actions" class="actions"
      >${busy ? pendingTemplate(s, name, busy) : nothing}<button part="reconnect-button" class="button primary" type="button" data-action="reconnect" ?hidden=${!row.canReconnect} aria-label=${s.reconnectNamed(name)} .textContent=${s.reconnect}></button
      ><button part="unlink-button" class="button" type="button" data-action="unlink" ?hidden=${!row.canUnlink} aria-label=${s.unlinkNamed(name)} .textContent=${s.unlink}></button
      ><button part="refresh-data-button" class="button" type="button" data-action="refresh-data" ?hidden=${!row.canRefreshData} aria-label=${s.refreshDataNamed(name)} .textContent=${s.refreshData}></button
      ><button part="delete-button" class="button danger" type="button" data-action="delete" ?hidden=${!row.canDelete} aria-label=${s.deleteNamed(name)} .textContent=${s.delete}></button
    ></div
  ></li>`;
}
