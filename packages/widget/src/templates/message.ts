import { html, nothing, type TemplateResult } from 'lit';
import { messageText, type ShownMessage } from '../messages.js';
import type { ConnectionsStrings } from '../strings/index.js';

/**
 * A dismissible message, on a row or above the list, with Retry when retrying makes sense. Its
 * buttons carry `data-action` (`retry`, `dismiss`) for the element's one click listener. It is not
 * a live region itself: the element's polite live region announces the same text, once.
 */
export function messageTemplate(strings: ConnectionsStrings, shown: ShownMessage, part: 'row-message' | 'notice'): TemplateResult {
  return html`<div part=${part} class="message">
    <span class="message-text">${messageText(strings, shown.message)}</span>
    ${
      shown.retry
        ? html`<button part=${`${part}-retry`} class="button" type="button" data-action="retry" data-retry=${shown.retry}>${strings.retry}</button>`
        : nothing
    }
    <button part=${`${part}-dismiss`} class="button" type="button" data-action="dismiss">${strings.dismiss}</button>
  </div>`;
}
