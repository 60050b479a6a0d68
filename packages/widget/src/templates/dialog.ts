import { html, type TemplateResult } from 'lit';
import type { ConfirmRequest } from '../states.js';
import type { ConnectionsStrings } from '../strings/index.js';
import { displayName } from '../labels.js';

export { styles } from './dialog.styles.js';

export interface DialogHandlers {
  /** The answer: `confirm` only from the confirm button. */
  closed(returnValue: string): void;
}

/**
 * The confirmation dialog: in the DOM (closed) from the first question on, so that it opens at once.
 * `provider` is who reads the data (the source's), named by the text about unlinking.
 */
export function dialogTemplate(strings: ConnectionsStrings, request: ConfirmRequest | undefined, on: DialogHandlers, provider?: string): TemplateResult {
  const s = strings;
  const name = request ? displayName(s, request.connection) : '';
  const isDelete = request?.kind === 'delete';
  // A button answers at once: the dialog's `close` event comes a task later, when a script may
  // already have asked the next question (which would take the late answer for its own).
  const close = (event: Event, value: string) => {
    on.closed(value);
    (event.target as HTMLElement).closest('dialog')?.close(value);
  };
  // Escape (or the browser) closing the dialog answers "no"; a late `close` of a dialog already
  // answered and open again for the next question is not that question's answer.
  const closedOtherwise = (event: Event) => {
    const dialog = event.target as HTMLDialogElement;
    if (!dialog.open) on.closed(dialog.returnValue);
  };
  // autofocus inside a modal <dialog> is how HTML chooses where focus goes when it opens: on Cancel,
  // the safe choice before a destructive action.
  /* eslint-disable lit-a11y/no-autofocus */
  return html`<dialog
    part="dialog"
    class="dialog"
    aria-labelledby="dialog-title"
    aria-describedby="dialog-body"
    @close=${closedOtherwise}
  >
    <h3 id="dialog-title" class="dialog-title">${isDelete ? s.confirmDeleteTitle(name) : s.confirmUnlinkTitle(name)}</h3>
    <p id="dialog-body">${isDelete ? s.confirmDeleteBody(name) : s.confirmUnlinkBody(name, provider)}</p>
    <div class="dialog-actions">
      <button part="dialog-cancel" class="button" type="button" autofocus @click=${(event: Event) => close(event, 'cancel')}>${s.cancel}</button>
      <button
        part="dialog-confirm"
        class="button ${isDelete ? 'danger-solid' : 'primary'}"
        type="button"
        @click=${(event: Event) => close(event, 'confirm')}
      >
        ${isDelete ? s.deleteNamed(name) : s.unlinkNamed(name)}
      </button>
    </div>
  </dialog>`;
  /* eslint-enable lit-a11y/no-autofocus */
}
