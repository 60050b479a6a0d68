import type { ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Where focus goes when what it was on goes away (a row's button while the row is busy, a removed
 * row, the error state's Retry): it moves only when it was lost, or held on a busy row, never away
 * from where the user is. Nothing here reads layout, so a row turning busy costs no synchronous layout.
 */
export class FocusController {
  constructor(private readonly host: Host) {}

  private get root(): ShadowRoot {
    return this.host.shadowRoot!;
  }

  part(name: string, within: ParentNode = this.root): HTMLElement | null {
    return within.querySelector<HTMLElement>(`[part~="${name}"]`);
  }

  row(id: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`.item[data-id="${CSS.escape(id)}"]`);
  }

  /** The first of `parts` a row shows, else the row itself. */
  inRow(id: string, ...parts: string[]): HTMLElement | null {
    const row = this.row(id);
    if (!row) return null;
    for (const name of parts) {
      const found = this.part(name, row);
      if (found) return found;
    }
    return row;
  }

  /** Whether focus fell to the page: on <body>, or on this element with nothing inside focused. */
  dropped(): boolean {
    const active = document.activeElement;
    return !active || active === document.body || (active === this.host && !this.root.activeElement);
  }

  /** Whether focus waits on a row (see `hold`). */
  private heldOnRow(): boolean {
    return document.activeElement === this.host && this.root.activeElement?.matches('.item') === true;
  }

  /** Once what changed is rendered, focus goes to `target()` if it was lost or held on a row. */
  async restore(target: () => HTMLElement | null | undefined): Promise<void> {
    await this.host.updateComplete;
    if (this.dropped() || this.heldOnRow()) target()?.focus();
  }

  /** Once rendered, focus goes to `target()` wherever it was: the user's own action moved on there. */
  async move(target: () => HTMLElement | null | undefined): Promise<void> {
    await this.host.updateComplete;
    target()?.focus();
  }

  /**
   * A row is about to turn busy, and the button the user pressed will go (or, clicked in a browser
   * that does not focus buttons on click, never had focus): focus waits on the row itself, without
   * scrolling, until the action ends and puts it back on a control.
   */
  hold(id: string): void {
    const active = this.root.activeElement;
    const row = this.row(id);
    if (row && (this.dropped() || (active && row.contains(active)))) row.focus({ preventScroll: true });
  }
}
