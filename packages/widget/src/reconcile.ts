/**
 * Reading the truth again after an uncertain outcome: the element shows what the source says now,
 * never what it guessed.
 */
import { existingConnection } from './filter.js';
import { isNotFound } from './failures.js';
import type { ConnectionsSource } from './source.js';
import type { ConnectionView } from './view-model.js';

export type Truth =
  | { readonly kind: 'found'; readonly connection: ConnectionView }
  /** The connection does not exist (any more). */
  | { readonly kind: 'gone' }
  /** The truth could not be read either; `error` says why. */
  | { readonly kind: 'unknown'; readonly error: unknown };

/** The connection as the source has it now. */
export async function readConnection(source: ConnectionsSource, connectionId: string, signal: AbortSignal): Promise<Truth> {
  try {
    return { kind: 'found', connection: await source.get(connectionId, { signal }) };
  } catch (error) {
    return isNotFound(error) ? { kind: 'gone' } : { kind: 'unknown', error };
  }
}

/**
 * After a create whose answer was lost: the company's pending connection of that platform, which
 * the source may have made (or, through a server that reuses pending connections, given back).
 * Undefined when there is none or the list cannot be read.
 */
export async function findPending(source: ConnectionsSource, platformKey: string, signal: AbortSignal): Promise<ConnectionView | undefined> {
  try {
    const page = await source.list({ page: 1, pageSize: 100, sourceTypes: [], platformKeys: [platformKey], signal });
    const pending = page.connections.filter((connection) => connection.state === 'pending');
    return existingConnection(pending, platformKey);
  } catch {
    return undefined;
  }
}
