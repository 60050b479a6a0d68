// The two names of `svelte/elements` that the widget's Svelte typings use, shaped as in Svelte 5, for
// type-checking test/types/svelte-usage.ts while svelte is not installed here (tsconfig `paths`).
export interface HTMLAttributes<T extends EventTarget> {
  id?: string | null;
  class?: string | null;
  hidden?: boolean | null;
  onclick?: ((event: MouseEvent & { currentTarget: EventTarget & T }) => unknown) | null;
}

export interface SvelteHTMLElements {
  div: HTMLAttributes<HTMLDivElement>;
}
