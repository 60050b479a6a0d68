// Must NOT type-check: each line marked `expect-error` holds one mistake that the Vue, Svelte and
// Angular typings catch. test/types.test.ts expects an error on each marked line and nowhere else.
import type {} from '@codat-connections/widget/vue';
import type {} from '@codat-connections/widget/svelte';
import type { CodatConnectionsEvent, CodatConnectionsInputs } from '@codat-connections/widget/angular';
import type { SvelteHTMLElements } from 'svelte/elements';
import { h, type GlobalComponents } from 'vue';

declare const tag: GlobalComponents['codat-connections'];
type SvelteProps = SvelteHTMLElements['codat-connections'];

export const vue = [
  h(tag, { theme: 'blue' }), // expect-error: no such theme
  h(tag, { 'link-mode': 'iframe' }), // expect-error: popup or redirect
  h(tag, { 'page-size': 'twenty' }), // expect-error: page-size is a number
  h(tag, { linkMode: 'iframe' }), // expect-error: linkMode is popup or redirect
  h(tag, { onCodatDeleted: (event: CustomEvent<{ connection: string }>) => event }), // expect-error: wrong detail
];

export const svelteTheme: SvelteProps = { theme: 'blue' }; // expect-error: no such theme
export const svelteEvent: SvelteProps = { 'oncodat-linked': (event: CustomEvent<number>) => event }; // expect-error: wrong detail

export const angularInputs: CodatConnectionsInputs = { linkMode: 'iframe' }; // expect-error: popup or redirect
export const angularEvent = (event: CodatConnectionsEvent<'codat-deleted'>) => event.detail.connection; // expect-error: only its id
