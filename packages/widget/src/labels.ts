import type { ConnectionsStrings } from './strings/index.js';
import type { ConnectionView } from './view-model.js';

/**
 * The most characters of one piece of the source's text that the element shows; longer text is cut
 * there, with "…". Names and messages are never that long, and WebKit takes seconds to lay out a
 * very long unbroken word in a flex row (100,000 characters held the page for 20 s).
 */
export const longestShown = 1000;

/** Text from the source as the element shows it: whole, or its first `longestShown` characters and "…". */
export function shown(text: string): string {
  if (text.length <= longestShown) return text;
  // Never half of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(longestShown - 1)) ? longestShown - 1 : longestShown;
  return `${text.slice(0, end)}…`;
}

/** The name shown for a connection: its own, else the catalogue's "Unknown platform". */
export const displayName = (strings: ConnectionsStrings, connection: ConnectionView): string =>
  connection.name ? shown(connection.name) : strings.unknownPlatform;

/**
 * A source type (`Accounting`, `Banking`, ...) in the catalogue's words; one it does not know as the
 * source wrote it. Own keys only: "constructor" from the API must not find Object's.
 */
export const sourceTypeName = (strings: ConnectionsStrings, type: string): string =>
  (Object.hasOwn(strings.sourceTypes, type) && strings.sourceTypes[type]) || shown(type);

/**
 * The label of a connection's status: the catalogue's word for the source's own status when it
 * has one, else a status it does not know as the source wrote it, else the state's word.
 */
export function statusLabel(strings: ConnectionsStrings, connection: ConnectionView): string {
  // Own labels only: "constructor" or "__proto__" from the API must not find Object's.
  const own = Object.hasOwn(strings.status, connection.status) ? strings.status[connection.status] : undefined;
  if (own) return own;
  if (connection.state === 'unknown' && connection.status) return shown(connection.status);
  return strings.states[connection.state];
}
