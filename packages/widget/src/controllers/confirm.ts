import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConfirmRequest } from '../states.js';
import type { ConnectionView } from '../view-model.js';

/**
 * The confirmation before a destructive action, in a modal `<dialog>`: `ask()` resolves true only
 * for the confirm button. A reload or a removal cancels an open question (`cancel()`), so a
 * confirmation never applies to what is no longer shown.
 */
export class ConfirmController implements ReactiveController {
  /** The open question, if any. */
  request: ConfirmRequest | undefined;
  private answer?: (confirmed: boolean) => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly dialog: () => HTMLDialogElement | null | undefined,
  ) {
    host.addController(this);
  }

  /** Asks about `connection`; `answered` is told at once when the dialog is answered, before the promise settles. */
  async ask(kind: ConfirmRequest['kind'], connection: ConnectionView, answered?: () => void): Promise<boolean> {
    this.cancel();
    const request = (this.request = { kind, connection });
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialog();
    if (!dialog || this.request !== request) return false;
    // Removed while the dialog rendered: the removal cancels the question (showModal would throw).
    if (!dialog.isConnected) {
      this.request = undefined;
      return false;
    }
    const confirmed = await new Promise<boolean>((resolve) => {
      this.answer = (value) => {
        answered?.();
        resolve(value);
      };
      dialog.returnValue = '';
      // Still open when a question replaced an earlier one.
      if (!dialog.open) dialog.showModal();
    });
    if (this.request === request) {
      this.request = undefined;
      if (dialog.open) dialog.close();
      this.host.requestUpdate();
    }
    return confirmed;
  }

  /** The answer, from a button or the dialog closing otherwise: confirmed only by the confirm button. */
  closed(returnValue: string): void {
    const answer = this.answer;
    this.answer = undefined;
    answer?.(returnValue === 'confirm');
  }

  /** Answers an open question with "no". */
  cancel(): void {
    const answer = this.answer;
    this.answer = undefined;
    answer?.(false);
  }

  hostDisconnected(): void {
    this.cancel();
  }
}
