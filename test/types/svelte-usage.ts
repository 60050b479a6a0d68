// What svelte-check checks `<codat-connections …>` markup against: the element's entry in
// `SvelteHTMLElements`, added by the `./svelte` entry.
import type {} from '@codat-connections/widget/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const markup: SvelteHTMLElements['codat-connections'] = {
  'token-url': '/api/codat/token',
  theme: 'light',
  'page-size': 20,
  class: 'connections',
  'oncodat-linked': (event) => event.detail.connection.name,
  'oncodat-deleted': (event) => event.detail.connectionId,
};
