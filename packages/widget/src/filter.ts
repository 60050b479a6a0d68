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
export function inScope({ sourceTypes, platformKeys }: Scope, sourceType: string | undefined, platformKey: string | undefined): boolean {
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
 * Whether a company may hold several connections of a platform of this source type: banking
 * aggregators (Codat's `Banking` source type: Plaid, TrueLayer, Basiq...; in the dataholder model,
 * a bank) hold one connection per bank login, so a company with two banks needs two.
 */
export function allowsAnother(sourceType: string | undefined): boolean {
  return sourceType === 'Banking';
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

/** What a link for a platform does: continue `existing` (nothing to do when it is linked), or add another connection. */
export interface PlatformLink {
  /** The connection the link continues; with `addsAnother`, the linked one the company already has. */
  readonly existing: ConnectionView | undefined;
  /** The company has only linked connections of a platform that allows another: the link makes a new one. */
  readonly addsAnother: boolean;
}

/**
 * What a link for `platformKey` (of `sourceType`) does. A pending, unlinked or deauthorized
 * connection of the platform is always continued, never duplicated; a linked one ends the matter,
 * unless the platform allows another (`allowsAnother`), when a new connection is made beside it.
 */
export function platformLink(connections: readonly ConnectionView[], platformKey: string, sourceType: string | undefined): PlatformLink {
  const existing = existingConnection(connections, platformKey);
  if (existing?.state !== 'linked' || !allowsAnother(sourceType)) return { existing, addsAnother: false };
  const reconnectable = existingConnection(
    connections.filter((connection) => connection.state !== 'linked'),
    platformKey,
  );
  return reconnectable ? { existing: reconnectable, addsAnother: false } : { existing, addsAnother: true };
}

/** A platform the picker offers, and what a link for it does. */
export interface PickerEntry extends PlatformLink {
  readonly platform: PlatformView;
}

/** The platforms the picker offers for the search text, each with what a link for it would do. */
export function pickerEntries(platforms: readonly PlatformView[], connections: readonly ConnectionView[], scope: Scope, search: string): PickerEntry[] {
  return platformsOffered(platforms, scope, search).map((platform) => ({ platform, ...platformLink(connections, platform.key, platform.sourceType) }));
}
