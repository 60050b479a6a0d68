import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PlatformsStatus } from '../states.js';
import type { ConnectionsStrings } from '../strings/index.js';
import type { PickerEntry } from '../filter.js';
import type { PlatformView } from '../view-model.js';
import { logoTemplate } from './row.js';
import { shown, sourceTypeName, statusLabel } from '../labels.js';
import { searchTemplate } from './search.js';

export { styles } from './picker.styles.js';

export interface PickerView {
  readonly strings: ConnectionsStrings;
  readonly status: PlatformsStatus;
  readonly query: string;
  readonly entries: readonly PickerEntry[];
}

export interface PickerHandlers {
  search(query: string): void;
  close(): void;
  pick(platform: PlatformView): void;
  keydown(event: KeyboardEvent): void;
}

/**
 * The platform picker. A platform the company already has is marked with its connection's state:
 * picking it reconnects that connection (a linked one cannot be picked), never makes a second;
 * except a linked banking aggregator, which says that picking it adds another connection.
 */
export function pickerTemplate(view: PickerView, on: PickerHandlers): TemplateResult {
  const { strings: s, status, entries } = view;
  const loading = status === 'loading';
  return html`<div part="picker" id="picker" class="picker" role="group" aria-label=${s.pickerLabel} @keydown=${on.keydown}>
    <div class="picker-head">
      ${searchTemplate('picker-search', s.pickerSearch, view.query, on.search)}
      <button class="button" type="button" @click=${on.close}>${s.closePicker}</button>
    </div>
    ${loading ? html`<p class="muted" aria-busy="true">${s.pickerLoading}</p>` : nothing}
    ${status === 'error' ? html`<p class="error-message">${s.failed}</p>` : nothing}
    ${status === 'ready' && entries.length === 0 ? html`<p class="muted">${s.pickerEmpty}</p>` : nothing}
    ${
      entries.length
        ? html`<ul part="picker-list" class="picker-list" aria-label=${s.pickerLabel}>
          ${repeat(
            entries,
            (entry) => entry.platform.key,
            ({ platform, existing, addsAnother }) => html`<li>
              <button
                part="picker-item"
                class="picker-item"
                type="button"
                data-key=${platform.key}
                ?disabled=${existing?.state === 'linked' && !addsAnother}
                @click=${() => on.pick(platform)}
              >
                ${logoTemplate(platform.name, platform.logoUrl, '')}
                <span class="name">${shown(platform.name)}</span>
                ${platform.sourceType ? html`<span class="muted">${sourceTypeName(s, platform.sourceType)}</span>` : nothing}
                ${
                  existing
                    ? html`<span part=${`picker-item-status status-${existing.state}`} class=${`status status-${existing.state}`}
                      >${statusLabel(s, existing)}</span
                    >`
                    : nothing
                }
                ${addsAnother ? html`<span class="muted">${s.addAnother}</span>` : nothing}
              </button>
            </li>`,
          )}
        </ul>`
        : nothing
    }
  </div>`;
}
