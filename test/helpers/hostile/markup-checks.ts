// Checks run in the page on the element's shadow root: nothing in it was made from API text (an
// unknown element, attribute or part, an `on…` attribute, an unsafe URL), and the state it ended in.
import type { CodatConnections } from '../../../packages/widget/src/index.js';
import { documentedParts } from '../documented-parts.js';

/** Every element the element's templates make. */
const allowedTags = new Set([
  ...['div', 'span', 'ul', 'li', 'h2', 'h3', 'p', 'button', 'input', 'label', 'time', 'img', 'details', 'summary', 'dialog', 'slot', 'a'],
  // Only where adopted style sheets are not supported.
  'style',
]);

/** Every attribute the element's templates set; `on…` attributes are never allowed. */
const allowedAttributes = new Set([
  ...['part', 'class', 'id', 'lang', 'role', 'type', 'tabindex', 'hidden', 'disabled', 'title', 'name', 'for', 'placeholder'],
  ...['aria-busy', 'aria-expanded', 'aria-controls', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden', 'aria-live', 'aria-atomic'],
  ...['data-id', 'data-action', 'data-key', 'data-exact', 'data-retry'],
  ...['src', 'alt', 'width', 'height', 'loading', 'datetime', 'href', 'target', 'rel', 'autofocus', 'open'],
]);

/** Which elements may carry a URL, and in which attribute. */
const urlAttributes: Record<string, string> = { img: 'src', a: 'href' };

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A URL the element may load or link to: https, http on this machine, or this page's origin. */
function isSafeUrl(value: string): boolean {
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname)) || url.origin === location.origin;
  } catch {
    return false;
  }
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}… (${text.length} chars)` : text);

/** What in `root` was made from API text: an unknown element, attribute or part, an `on…` attribute, an unsafe URL. */
export function unsafeMarkup(root: ParentNode): string[] {
  const found: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.localName;
    if (!allowedTags.has(tag)) found.push(`an element <${short(tag)}>`);
    for (const { name, value } of element.attributes) {
      if (name.startsWith('on')) found.push(`an event handler attribute ${name}="${short(value)}" on <${tag}>`);
      else if (!allowedAttributes.has(name)) found.push(`an attribute ${short(name)} on <${tag}>`);
    }
    for (const token of element.getAttribute('part')?.split(/\s+/).filter(Boolean) ?? []) {
      if (!documentedParts.has(token)) found.push(`a part "${short(token)}" on <${tag}>`);
    }
    for (const name of ['src', 'href', 'srcset', 'action', 'formaction']) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (urlAttributes[tag] !== name) found.push(`a URL attribute ${name} on <${tag}>`);
      else if (!isSafeUrl(value)) found.push(`an unsafe ${name}="${short(value)}" on <${tag}>`);
    }
    if (element.shadowRoot) found.push(...unsafeMarkup(element.shadowRoot));
  }
  return found;
}

/** Where the element ended: one of `list`, `empty` or `error` (with a visible Retry), or what is wrong instead. */
export function endState(el: CodatConnections): string {
  const root = el.shadowRoot!;
  const visible = (selector: string) => [...root.querySelectorAll<HTMLElement>(selector)].filter((node) => !node.hidden && node.checkVisibility());
  const states: string[] = [];
  if (root.querySelector('[part~="skeleton"]')) states.push('skeleton');
  const list = root.querySelector('[part~="list"]');
  if (list)
    states.push(list.querySelector('[part~="item"]') ? 'list' : `list without rows${root.querySelector('[part~="load-more"]') ? ' (with Load more)' : ''}`);
  if (root.querySelector('[part~="empty"]')) states.push('empty');
  const error = root.querySelector('[part~="error"]');
  if (error) states.push(visible('[part~="error"] [part~="retry-button"]').length ? 'error' : 'error without Retry');
  return states.length === 1 ? states[0]! : states.length ? states.join(' + ') : 'nothing';
}

/** The states a run may end in. */
export const endStates = new Set(['list', 'empty', 'error']);
