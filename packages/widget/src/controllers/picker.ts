import type { ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The platform picker's own state: whether it is open and what is searched. Focus moves as for a
 * disclosure: into the search box when it opens, back to the link button when it closes; the arrow
 * keys, Home and End move through the platforms, Escape closes.
 */
export class PickerController {
  open = false;
  query = '';

  constructor(private readonly host: Host) {}

  toggle(): void {
    this.open = !this.open;
    this.query = '';
    this.host.requestUpdate();
    if (this.open) void this.host.updateComplete.then(() => this.find('[part~="picker-search"]')?.focus());
  }

  close(): void {
    this.open = false;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.find('[part~="link-button"]')?.focus());
  }

  search(query: string): void {
    this.query = query;
    this.host.requestUpdate();
  }

  keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    const target = this.host.shadowRoot && pickerKeyTarget(this.host.shadowRoot, event.key);
    if (!target) return;
    event.preventDefault();
    target.focus();
  }

  private find(selector: string): HTMLElement | null | undefined {
    return this.host.shadowRoot?.querySelector<HTMLElement>(selector);
  }
}

/**
 * The picker's keyboard: arrow keys move between the search box and the platforms that can be
 * picked; Home and End jump within the platforms. Returns the element to focus, if the key moves.
 */
function pickerKeyTarget(root: ShadowRoot, key: string): HTMLElement | null | undefined {
  const buttons = [...root.querySelectorAll<HTMLElement>('[part~="picker-item"]:not([disabled])')];
  const index = buttons.indexOf(root.activeElement as HTMLElement);
  if (key === 'ArrowDown') return buttons[Math.min(index + 1, buttons.length - 1)];
  if (key === 'ArrowUp' && index === 0) return root.querySelector<HTMLElement>('[part~="picker-search"]');
  if (key === 'ArrowUp' && index > 0) return buttons[index - 1];
  if (key === 'Home' && index >= 0) return buttons[0];
  if (key === 'End' && index >= 0) return buttons[buttons.length - 1];
  return undefined;
}
