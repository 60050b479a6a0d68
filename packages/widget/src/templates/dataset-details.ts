import { html, nothing, type TemplateResult } from 'lit';
import { relativeTime } from '../format.js';
import { shown } from '../labels.js';
import { timeTemplate } from './row.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { DatasetView } from '../view-model.js';

export { styles } from './dataset-details.styles.js';

/** A data type in the catalogue's words, else as the source names it (own entries only: the name comes from the API). */
export const dataTypeName = (strings: ConnectionsStrings, type: string): string =>
  (Object.hasOwn(strings.dataTypes, type) && strings.dataTypes[type]) || shown(type);

/**
 * One data type. Of a connection whose data no longer updates (not linked), its state says so rather
 * than "Up to date"; one never read still says it was not read, as the connection holds none of it.
 */
function datasetTemplate(s: ConnectionsStrings, dataset: DatasetView, locale: string, updating: boolean): TemplateResult {
  const updated = relativeTime(dataset.lastSuccess, locale);
  const tried = dataset.state === 'fresh' ? undefined : relativeTime(dataset.lastAttempt, locale);
  const stopped = !updating && dataset.state !== 'never';
  const state = stopped ? 'stopped' : dataset.state;
  return html`<li class="dataset">
    <span class="dataset-name">${dataTypeName(s, dataset.type)}</span>
    <span class=${`dataset-state dataset-${state}`}>${stopped ? s.datasetNotUpdating : s.datasetStates[dataset.state]}</span>
    ${updated ? html`<span class="muted">${s.lastSuccess} ${timeTemplate(dataset.lastSuccess, locale)}</span>` : nothing}
    ${tried ? html`<span class="muted">${s.lastAttempt} ${timeTemplate(dataset.lastAttempt, locale)}</span>` : nothing}
    ${dataset.message ? html`<span class="dataset-message">${shown(dataset.message)}</span>` : nothing}
  </li>`;
}

/** A row's data types, each with its state (or that it no longer updates), its dates and what went wrong. */
export function datasetListTemplate(s: ConnectionsStrings, datasets: readonly DatasetView[], locale: string, updating: boolean): TemplateResult {
  return html`<ul>
    ${datasets.map((dataset) => datasetTemplate(s, dataset, locale, updating))}
  </ul>`;
}
