import { html, type TemplateResult } from 'lit';
import type { ConfirmRequest } from '../controllers/confirm.js';
import type { ConnectionsStrings } from '../strings/index.js';
import { displayName } from './labels.js';

export { styles } from './dialog.styles.js';

export interface DialogHandlers {
  /** The dialog closed; its `returnValue` is `confirm` only from the confirm button. */
  closed(returnValue: string): void;
}

/** The confirmation dialog: in the DOM (closed) from the first question on, so that it opens at once. */
export function dialogTemplate(strings: ConnectionsStrings, request: ConfirmRequest | undefined, on: DialogHandlers): TemplateResult {
  const s = strings;
  const name = request ? displayName(s, request.connection) : '';
  const isDelete = request?.kind === 'delete';
  const close = (event: Event, value: string) => (event.target as HTMLElement).closest('dialog')?.close(value);
  // autofocus inside a modal <dialog> is how HTML chooses where focus goes when it opens: on Cancel,
  // the safe choice before a destructive action.
  /* eslint-disable lit-a11y/no-autofocus */
  return html`<dialog
    part="dialog"
    class="dialog"
    aria-labelledby="dialog-title"
    aria-describedby="dialog-body"
    @close=${(event: Event) => on.closed((event.target as HTMLDialogElement).returnValue)}
  >
    <h3 id="dialog-title" class="dialog-title">${isDelete ? s.confirmDeleteTitle(name) : s.confirmUnlinkTitle(name)}</h3>
    <p id="dialog-body">${isDelete ? s.confirmDeleteBody(name) : s.confirmUnlinkBody(name)}</p>
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
