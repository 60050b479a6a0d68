/**
 * Which connections and platforms the element shows: pure functions of views and the element's
 * settings, tested in Node. API text reaches them only as strings normalization made.
 */
import type { ConnectionState, ConnectionView, PlatformView } from './view-model.js';

/** The words of a space- or comma-separated attribute (`actions`, `source-types`, `platform-keys`). */
export function words(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

export interface Scope {
  /** Only these source types; all when empty. */
  sourceTypes: readonly string[];
  /** Only these platform keys; all when empty. */
  platformKeys: readonly string[];
}

/** Whether a connection or platform falls within `source-types` and `platform-keys`. */
function inScope({ sourceTypes, platformKeys }: Scope, sourceType: string | undefined, platformKey: string | undefined): boolean {
  return (
    (sourceTypes.length === 0 || (sourceType !== undefined && sourceTypes.includes(sourceType))) &&
    (platformKeys.length === 0 || (platformKey !== undefined && platformKeys.includes(platformKey)))
  );
}

/** Connections within the scope (the source is asked for them only; this guards against the rest). */
export function connectionsInScope(connections: readonly ConnectionView[], scope: Scope): readonly ConnectionView[] {
  if (scope.sourceTypes.length === 0 && scope.platformKeys.length === 0) return connections;
  return connections.filter((connection) => inScope(scope, connection.sourceType, connection.platformKey));
}

/**
 * Connections whose name, source type or status label contains the filter text, ignoring case.
 * `labels` gives the words the user sees for a connection (its status and source type in the catalogue's language).
 */
export function matchingConnections(
  connections: readonly ConnectionView[],
  filterText: string,
  labels: (connection: ConnectionView) => readonly string[],
): readonly ConnectionView[] {
  const text = filterText.trim().toLowerCase();
  if (!text) return connections;
  return connections.filter((connection) =>
    [connection.name, connection.sourceType ?? '', ...labels(connection)].some((value) => value.toLowerCase().includes(text)),
  );
}

/** Platforms within the scope whose name contains the search text, ignoring case. */
export function platformsOffered(platforms: readonly PlatformView[], scope: Scope, search: string): PlatformView[] {
  const text = search.trim().toLowerCase();
  return platforms.filter((platform) => inScope(scope, platform.sourceType, platform.key) && (text === '' || platform.name.toLowerCase().includes(text)));
}

/**
 * States of a connection that a new link for its platform continues, in order of preference:
 * linked (nothing to do), then those that can be reconnected.
 */
const continued: readonly ConnectionState[] = ['linked', 'pending', 'expired', 'disconnected'];

/**
 * The connection a link for `platformKey` continues instead of creating another, if the company
 * has one of that platform: the most preferred state (see `continued`), then the most recent.
 */
export function existingConnection(connections: readonly ConnectionView[], platformKey: string): ConnectionView | undefined {
  const candidates = connections.filter((connection) => connection.platformKey === platformKey && continued.includes(connection.state));
  const rank = (connection: ConnectionView) => continued.indexOf(connection.state);
  return candidates.sort((a, b) => rank(a) - rank(b) || (b.created ?? '').localeCompare(a.created ?? ''))[0];
}

/** A platform the picker offers, with the company's connection of it when there is one. */
export interface PickerEntry {
  readonly platform: PlatformView;
  readonly existing: ConnectionView | undefined;
}

/** The platforms the picker offers for the search text, each with the connection a link for it would continue. */
export function pickerEntries(platforms: readonly PlatformView[], connections: readonly ConnectionView[], scope: Scope, search: string): PickerEntry[] {
  return platformsOffered(platforms, scope, search).map((platform) => ({ platform, existing: existingConnection(connections, platform.key) }));
}
