import { CodatConnections } from './connections.component.js';

export * from './index.js';

// Guarded: a page that loads the script twice keeps the first definition and does not throw.
if (!customElements.get('codat-connections')) customElements.define('codat-connections', CodatConnections);

declare global {
  interface HTMLElementTagNameMap {
    'codat-connections': CodatConnections;
  }
}
