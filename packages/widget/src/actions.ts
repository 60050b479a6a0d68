/**
 * Unlink and delete, settled: an answer says how it went; when there is none that can be trusted
 * (no answer, a cut or invalid one, a 5xx, or a 404/400/409 saying the connection changed
 * elsewhere), the connection is read again and the truth decides.
 */
import { failureKind, isWorthRetrying } from './failures.js';
import type { ElementHost } from './host.js';
import { messageText, type Message, type RetryAction } from './messages.js';
import { readConnection } from './reconcile.js';
import type { ConnectionsSource } from './source.js';
import { displayName } from './templates/labels.js';
import type { ConnectionView } from './view-model.js';

export type RowActionKind = 'unlink' | 'delete';

export type ActionOutcome =
  /** Unlinked: the connection as it is now. */
  | { readonly kind: 'unlinked'; readonly connection: ConnectionView }
  | { readonly kind: 'deleted' }
  /** The connection no longer exists, and the action was not a delete: it was removed elsewhere. */
  | { readonly kind: 'gone'; readonly error: unknown }
  /**
   * It did not happen. `connection` is the truth read again, when it was; `message` says what to
   * tell the user; `retry` is offered when trying again makes sense.
   */
  | { readonly kind: 'failed'; readonly error: unknown; readonly message: Message; readonly retry?: RetryAction; readonly connection?: ConnectionView }
  | { readonly kind: 'aborted' };

export interface ActionRequest {
  signal: AbortSignal;
  /** The row's display name, for the messages. */
  name: string;
  /** Called before the truth is read again, to show the row is being checked. */
  checking: () => void;
}

/** Runs an unlink or a delete and settles its outcome. */
export async function runAction(
  source: ConnectionsSource,
  kind: RowActionKind,
  connection: ConnectionView,
  { signal, name, checking }: ActionRequest,
): Promise<ActionOutcome> {
  try {
    // The element offers only what the source can do (`sourceActions`).
    if (kind === 'unlink') return { kind: 'unlinked', connection: await source.unlink!(connection.id, { signal }) };
    await source.delete!(connection.id, { signal });
    return { kind: 'deleted' };
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted' };
    return settle(source, kind, connection, error, { signal, name, checking });
  }
}

async function settle(
  source: ConnectionsSource,
  kind: RowActionKind,
  connection: ConnectionView,
  error: unknown,
  request: ActionRequest,
): Promise<ActionOutcome> {
  const failed: Message = { key: kind === 'unlink' ? 'unlinkFailed' : 'deleteFailed', name: request.name };
  const failure = failureKind(error);
  if (failure === 'aborted') return { kind: 'aborted' };
  if (failure === 'signed-out') return { kind: 'failed', error, message: { key: 'signedOut' } };
  if (failure === 'refused') return { kind: 'failed', error, message: failed, ...(isWorthRetrying(error) && { retry: kind }) };
  request.checking();
  const truth = await readConnection(source, connection.id, request.signal);
  if (request.signal.aborted) return { kind: 'aborted' };
  switch (truth.kind) {
    case 'gone':
      return kind === 'delete' ? { kind: 'deleted' } : { kind: 'gone', error };
    case 'found': {
      const now = truth.connection;
      if (kind === 'unlink' && now.state === 'disconnected') return { kind: 'unlinked', connection: now };
      const changed = now.status !== connection.status;
      const stillApplies = kind === 'delete' || now.state === 'linked';
      const message: Message = changed ? { key: 'changedElsewhere', name: request.name } : failed;
      return { kind: 'failed', error, message, connection: now, ...(stillApplies && { retry: kind }) };
    }
    case 'unknown':
      if (failureKind(truth.error) === 'signed-out') return { kind: 'failed', error, message: { key: 'signedOut' } };
      return { kind: 'failed', error, message: failed, retry: kind };
  }
}

/**
 * An unlink or a delete the user confirmed, on a row already busy with it (`signal`), through to
 * what the user sees: the row as it is now (or gone), an announcement, the event, and the focus
 * where it can go on from (the row's next action, the next row, or the failure's Retry).
 */
export async function unlinkOrDelete(
  host: ElementHost,
  source: ConnectionsSource,
  kind: RowActionKind,
  connection: ConnectionView,
  signal: AbortSignal,
): Promise<void> {
  const { id } = connection;
  const name = displayName(host.strings(), connection);
  const outcome = await runAction(source, kind, connection, {
    signal,
    name,
    checking: () => host.rows.update(id, signal, { action: 'check' }),
  });
  // A failure leaves its message on the row; a newer action on the row (or a reload) wins over this outcome.
  const left = outcome.kind === 'failed' ? { message: outcome.message, ...(outcome.retry && { retry: outcome.retry }) } : undefined;
  if (outcome.kind === 'aborted' || !host.rows.finish(id, signal, left)) return;
  const neighbour = host.neighbourOf(id);
  switch (outcome.kind) {
    case 'unlinked':
      host.list.upsert(outcome.connection);
      host.announce(host.strings().unlinked(name));
      host.emit('codat-unlinked', { connection: outcome.connection });
      await host.rendered();
      (host.findInRow(id, '[part~="reconnect-button"]:not([hidden]), [part~="delete-button"]:not([hidden])') ?? host.findRow(id))?.focus();
      return;
    case 'deleted':
      host.list.remove(id);
      host.announce(host.strings().deleted(name));
      host.emit('codat-deleted', { connectionId: id });
      await host.rendered();
      host.focusAfterRemoval(neighbour);
      return;
    case 'gone':
      host.removedElsewhere(connection, outcome.error, kind);
      await host.rendered();
      host.focusAfterRemoval(neighbour);
      return;
    case 'failed':
      if (outcome.connection) host.list.upsert(outcome.connection);
      host.announce(messageText(host.strings(), outcome.message));
      host.emitError(outcome.error, kind);
      await host.rendered();
      (host.findInRow(id, '[part~="row-message-retry"]') ?? host.findInRow(id, '[part~="row-message-dismiss"]'))?.focus();
      return;
  }
}
