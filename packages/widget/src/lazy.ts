import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult } from 'lit';
import { ConnectionsError, type Operation } from '@codat-connections/core';

/**
 * A feature loaded on first use (the link flow, unlink and delete, the dialog, the picker, Refresh
 * data): its module once loaded, else a load. Once loaded it is `value`, so using it again costs
 * no task hop. A chunk that cannot be fetched (the network went away after the page loaded) fails
 * as a request that cannot be sent does: a `ConnectionsError` with code `network_error` naming the
 * operation, so hosts and rows treat both alike; the next use tries again.
 */
export class Lazy<T> {
  value: T | undefined;
  private loading: Promise<T> | undefined;

  constructor(private readonly importer: () => Promise<T>) {}

  load(operation: Operation): Promise<T> {
    if (this.value) return Promise.resolve(this.value);
    this.loading ??= this.importer().then(
      (module) => (this.value = module),
      (cause: unknown) => {
        this.loading = undefined;
        throw new ConnectionsError(`${operation} failed: a part of the element could not be fetched (${String(cause)})`, {
          code: 'network_error',
          operation,
          status: 0,
          cause,
        });
      },
    );
    return this.loading;
  }
}

/** What the root of each element has adopted so far, beyond the element's own styles. */
const adopted = new WeakMap<ShadowRoot, Set<CSSResult>>();

/**
 * Adds a feature's styles to a shadow root, after the element's own and once per root. Like Lit
 * with the element's styles, they are a constructed stylesheet, so they work under
 * `style-src 'self'`; a browser without constructed stylesheets gets a `<style>`.
 */
export function adoptFeatureStyles(root: ShadowRoot, styles: CSSResult): void {
  const done = adopted.get(root) ?? new Set();
  if (done.has(styles)) return;
  adopted.set(root, done.add(styles));
  if (supportsAdoptingStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
  else adoptStyles(root, [styles]);
}
