import { html, nothing, type TemplateResult } from 'lit';
import { freshnessOf, type Freshness } from '../freshness.js';
import { relativeTime } from '../format.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { DatasetView } from '../view-model.js';

/** A data type in the catalogue's words, else as the source names it (own entries only: the name comes from the API). */
export const dataTypeName = (strings: ConnectionsStrings, type: string): string => (Object.hasOwn(strings.dataTypes, type) && strings.dataTypes[type]) || type;

function freshnessText(s: ConnectionsStrings, freshness: Freshness, locale: string): string {
  switch (freshness.kind) {
    case 'updating':
      return s.dataUpdating;
    case 'failed':
      return s.dataFailed(freshness.count);
    case 'never':
      return s.dataNever;
    case 'stale':
      return s.dataStale(relativeTime(freshness.since, locale) ?? '');
    case 'updated':
      return s.dataUpdated(relativeTime(freshness.since, locale) ?? '');
  }
}

function datasetTemplate(s: ConnectionsStrings, dataset: DatasetView, locale: string): TemplateResult {
  const updated = relativeTime(dataset.lastSuccess, locale);
  const tried = dataset.state === 'fresh' ? undefined : relativeTime(dataset.lastAttempt, locale);
  return html`<li class="dataset">
    <span class="dataset-name">${dataTypeName(s, dataset.type)}</span>
    <span class=${`dataset-state dataset-${dataset.state}`}>${s.datasetStates[dataset.state]}</span>
    ${updated ? html`<span class="muted">${s.lastSuccess} <time datetime=${dataset.lastSuccess!} tabindex="0">${updated}</time></span>` : nothing}
    ${tried ? html`<span class="muted">${s.lastAttempt} <time datetime=${dataset.lastAttempt!} tabindex="0">${tried}</time></span>` : nothing}
    ${dataset.message ? html`<span class="dataset-message">${dataset.message}</span>` : nothing}
  </li>`;
}

/**
 * A linked row's freshness: one line ("Data updated 2 hours ago", or a warning when data failed or
 * is older than `stale-after`), and its data types, expandable. Nothing when the source said nothing.
 */
export function datasetsTemplate(
  s: ConnectionsStrings,
  datasets: readonly DatasetView[] | undefined,
  staleAfter: number,
  locale: string,
): TemplateResult | typeof nothing {
  const freshness = freshnessOf(datasets, staleAfter);
  if (!datasets || !freshness) return nothing;
  const warning = freshness.kind === 'failed' || freshness.kind === 'stale';
  return html`<span part=${warning ? 'freshness freshness-warning' : 'freshness'} class=${warning ? 'freshness warning' : 'freshness'}
      >${freshnessText(s, freshness, locale)}</span
    ><details part="datasets" class="datasets">
      <summary>${s.datasetsSummary(datasets.length)}</summary>
      <ul>
        ${datasets.map((dataset) => datasetTemplate(s, dataset, locale))}
      </ul>
    </details>`;
}
