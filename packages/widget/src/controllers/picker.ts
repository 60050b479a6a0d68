import type { ReactiveControllerHost } from 'lit';
import { pickerKeyTarget } from '../templates/picker.js';

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
