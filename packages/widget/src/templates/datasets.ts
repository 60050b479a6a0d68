import { html, nothing, render, type TemplateResult } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';
import { fillExactTime } from '../exact-times.js';
import { freshnessOf, stoppedFreshnessOf, type Freshness } from '../freshness.js';
import { relativeTime } from '../format.js';
import { adoptFeatureStyles, Lazy } from '../lazy.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { DatasetView } from '../view-model.js';

function freshnessText(s: ConnectionsStrings, freshness: Freshness, locale: string): string {
  switch (freshness.kind) {
    case 'updating':
      return s.dataUpdating;
    case 'reading':
      return s.dataReading;
    case 'failed':
      return s.dataFailed(freshness.count);
    case 'never':
      return s.dataNever;
    case 'stale':
      return s.dataStale(relativeTime(freshness.since, locale) ?? '');
    case 'updated':
      return s.dataUpdated(relativeTime(freshness.since, locale) ?? '');
    case 'stopped':
      return s.dataStopped(relativeTime(freshness.since, locale) ?? '');
  }
}

type DatasetDetails = typeof import('./dataset-details.js');

/** The list's template, loaded when a row's data types are first opened and then shared by every row. */
const details = new Lazy<DatasetDetails>(() => import('./dataset-details.js'));

/**
 * Fills a row's `<details>` with its data types while it is open: when it opens, and whenever the row
 * renders again. Most visits never open one, so the list's template loads on the first opening, as a
 * chunk beside the language chunks; until it is in, the details show their summary alone, busy.
 */
class DatasetList extends Directive {
  private element?: HTMLDetailsElement;
  private view?: Parameters<DatasetDetails['datasetListTemplate']>;

  // The parameters only type the directive's arguments (Lit passes them to update, which does the work).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  render(strings: ConnectionsStrings, datasets: readonly DatasetView[], locale: string, updating: boolean): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, view: Parameters<DatasetList['render']>): typeof nothing {
    this.view = view;
    if (!this.element) {
      this.element = part.element as HTMLDetailsElement;
      this.element.addEventListener('toggle', () => void this.show());
    }
    void this.show();
    return nothing;
  }

  private async show(): Promise<void> {
    const element = this.element!;
    if (!element.open) return;
    let feature = details.value;
    if (!feature) {
      element.setAttribute('aria-busy', 'true');
      try {
        feature = await details.load('pullOperations');
      } catch {
        // The chunk could not be fetched: the summary stays, and the next opening tries again.
        return;
      } finally {
        element.removeAttribute('aria-busy');
      }
    }
    adoptFeatureStyles(element.getRootNode() as ShadowRoot, feature.styles);
    const [, , locale] = this.view!;
    render(feature.datasetListTemplate(...this.view!), element);
    // The list's few dates are shown now, as it opens: their exact times are filled in at once.
    for (const time of element.querySelectorAll<HTMLTimeElement>('time[datetime]')) fillExactTime(time, locale);
  }
}

const datasetList = directive(DatasetList);

/**
 * A row's freshness: one line ("Data updated 2 hours ago", or a warning when data failed, is older
 * than `stale-after`, or no longer updates because the row is not linked), and its data types,
 * expandable. Nothing when the source said nothing, nor for a row not linked that never had data.
 */
export function datasetsTemplate(
  s: ConnectionsStrings,
  datasets: readonly DatasetView[] | undefined,
  staleAfter: number,
  locale: string,
  linked: boolean,
): TemplateResult | typeof nothing {
  const freshness = linked ? freshnessOf(datasets, staleAfter) : stoppedFreshnessOf(datasets);
  if (!datasets || !freshness) return nothing;
  const warning = freshness.kind === 'failed' || freshness.kind === 'stale' || freshness.kind === 'stopped';
  return html`<span part=${warning ? 'freshness freshness-warning' : 'freshness'} class=${warning ? 'freshness warning' : 'freshness'}
      >${freshnessText(s, freshness, locale)}</span
    ><details part="datasets" class="datasets" ${datasetList(s, datasets, locale, linked)}>
      <summary>${s.datasetsSummary(datasets.length)}</summary>
    </details>`;
}
