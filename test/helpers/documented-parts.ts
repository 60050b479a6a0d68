// The CSS parts <codat-connections> documents, read from the custom-elements manifest that
// `npm run build` generates from the class JSDoc's `@csspart` tags, so that a part added to the
// element and its docs is known here without a second list to keep.
import manifest from '../../packages/widget/custom-elements.json';

interface Manifest {
  modules: Array<{ declarations?: Array<{ tagName?: string; cssParts?: Array<{ name: string }> }> }>;
}

const element = (manifest as Manifest).modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === 'codat-connections');
if (!element?.cssParts?.length) throw new Error('custom-elements.json documents no parts of <codat-connections>: run `npm run build`');

/** Every part the element documents; a part is never made from API text, so a status badge carries one of a few known `status-…` parts. */
export const documentedParts: ReadonlySet<string> = new Set(element.cssParts.map((part) => part.name));
