import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult } from 'lit';

/** What a shadow root has adopted so far, beyond the element's own styles. */
const adopted = new WeakMap<ShadowRoot, Set<CSSResult>>();

/**
 * Adds the styles of a feature that loads on first use (the picker, the dialog, the dataset
 * details) to a shadow root, after the element's own and once per root. Like Lit with the element's
 * styles, they are a constructed stylesheet, so they work under `style-src 'self'`; a browser
 * without constructed stylesheets gets a `<style>`, as Lit gives it for the element's own.
 */
export function adoptFeatureStyles(root: ShadowRoot, styles: CSSResult): void {
  const done = adopted.get(root) ?? new Set();
  if (done.has(styles)) return;
  adopted.set(root, done.add(styles));
  if (supportsAdoptingStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
  else adoptStyles(root, [styles]);
}

/** A feature's module once it has loaded, with its styles adopted by `root`: call it before rendering the feature. */
export async function loadFeature<T extends { styles: CSSResult }>(root: ShadowRoot, loading: Promise<T>): Promise<T> {
  const feature = await loading;
  adoptFeatureStyles(root, feature.styles);
  return feature;
}
