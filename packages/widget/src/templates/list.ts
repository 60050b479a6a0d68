import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { exactTimesLater } from '../exact-times.js';
import { messageText, type Message } from '../messages.js';
import type { RowGroup } from '../row-groups.js';
import type { RowView } from '../row-view.js';
import type { ListStatus } from '../states.js';
import type { ConnectionsStrings } from '../strings/index.js';
import { rowTemplate } from './row.js';
import { searchTemplate } from './search.js';

/** What the body of the element shows: a skeleton, the error state, the empty state or the list. */
export interface BodyView {
  readonly strings: ConnectionsStrings;
  readonly status: ListStatus;
  /** What the error state says of the failure: the user may be signed out, when to try again, or that it failed. */
  readonly failure: Message;
  /** Retry may help: not when the element itself is misconfigured. */
  readonly canRetry: boolean;
  /** No connection within `source-types` and `platform-keys`. */
  readonly empty: boolean;
  /** The rows to render now, in groups: those matching the filter, as many as this update renders. */
  readonly groups: readonly RowGroup[];
  /** Whether no row matches the filter text. */
  readonly noMatch: boolean;
  readonly filterText: string;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly loaded: number;
  readonly totalResults: number;
}

export interface BodyHandlers {
  filter(text: string): void;
  retry(): void;
  loadMore(): void;
  /** A pointer or focus reached something in the list (a time shows its exact time). */
  look(event: Event): void;
}

export function bodyTemplate(view: BodyView, on: BodyHandlers): TemplateResult | typeof nothing {
  const s = view.strings;
  switch (view.status) {
    case 'idle':
      return nothing;
    case 'loading':
      // Focus waits here while the error state's Retry loads the list (the Retry button is gone).
      return html`<div part="skeleton" class="skeleton" aria-busy="true" tabindex="-1">
        <span class="visually-hidden">${s.loading}</span>
        ${[0, 1, 2].map(() => html`<div class="skeleton-row" aria-hidden="true"></div>`)}
      </div>`;
    case 'error':
      return html`<div part="error" class="error">
        <p class="error-title">${s.errorTitle}</p>
        <p class="error-message">${messageText(s, view.failure)}</p>
        ${view.canRetry ? html`<button part="retry-button" class="button" type="button" @click=${on.retry}>${s.retry}</button>` : nothing}
      </div>`;
    case 'ready':
      return view.empty && !view.hasMore ? html`<div part="empty" class="empty"><slot name="empty">${s.empty}</slot></div>` : listTemplate(view, on);
  }
}

/** The filter, the rows and Load more (aria-disabled while it loads, not disabled: a disabled button drops focus to the page). */
function listTemplate(view: BodyView, on: BodyHandlers): TemplateResult {
  const s = view.strings;
  return html`
    <div class="filter">${searchTemplate('filter', s.filterLabel, view.filterText, on.filter)}</div>
    ${view.noMatch ? html`<p class="no-match">${s.filterEmpty}</p>` : nothing}
    <div part="list" class="list" role="list" aria-labelledby="title" @focusin=${on.look} @pointerover=${on.look}>
      ${repeat(
        view.groups,
        (group) => group.key,
        // A group renders again only when one of its row views changed (see `sameRowView`).
        (group) => guard(group.rows, () => groupTemplate(group.rows)),
      )}
    </div>
    ${view.hasMore ? moreTemplate(view, on) : nothing}
  `;
}

/**
 * A group's rows, in a box of their own that the browser skips while it is out of view (see
 * `.group` in the styles): adding rows to a long list then lays out and checks the groups, not every
 * row. The box has no role, so the rows are the list's items. A new group's template is filled
 * before it goes into the page, so its rows are inserted at once; within a group, only the rows whose
 * view changed render again. Each render of a group puts its dates in the queue for their exact times.
 */
function groupTemplate(rows: readonly RowView[]): TemplateResult {
  return html`<div class="group" role="none" ${exactTimesLater()}>
    ${repeat(rows, (row) => row.connection.id, templateOf)}
  </div>`;
}

/**
 * Each row view's template, made once. A view is kept while the row shows the same thing (see
 * `sameRowView`), so when a group renders again, its other rows pass the templates they rendered
 * and Lit finds no value to change in them. A `guard` per row would do the same at the cost of a
 * directive for every row of a long list's first render.
 */
const rowTemplates = new WeakMap<RowView, TemplateResult>();

function templateOf(row: RowView): TemplateResult {
  let template = rowTemplates.get(row);
  if (!template) rowTemplates.set(row, (template = rowTemplate(row)));
  return template;
}

function moreTemplate(view: BodyView, on: BodyHandlers): TemplateResult {
  const s = view.strings;
  return html`<div class="more">
    <span class="muted">${s.loadMoreCount(view.loaded, view.totalResults)}</span>
    <button
      part=${view.loadingMore ? 'load-more load-more-busy' : 'load-more'}
      class="button"
      type="button"
      aria-disabled=${view.loadingMore ? 'true' : 'false'}
      aria-busy=${view.loadingMore ? 'true' : 'false'}
      @click=${on.loadMore}
    >
      ${s.loadMore}
    </button>
  </div>`;
}
