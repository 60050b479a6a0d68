/**
 * Unlink and delete, settled: an answer says how it went; when there is none that can be trusted
 * (no answer, a cut or invalid one, a 5xx, or a 404/400/409 saying the connection changed
 * elsewhere), the connection is read again and the truth decides.
 */
import { failureKind, isWorthRetrying } from '../failures.js';
import type { Message } from '../messages.js';
import type { Outcome, Report } from '../outcome.js';
import { readConnection } from '../reconcile.js';
import type { ConnectionsSource } from '../source.js';
import type { ConnectionView } from '../view-model.js';

export interface UnlinkOrDelete {
  kind: 'unlink' | 'delete';
  connection: ConnectionView;
  /** The row's display name, for the messages. */
  name: string;
  signal: AbortSignal;
}

/** Runs an unlink or a delete the user confirmed and settles its outcome. */
export async function unlinkOrDelete(source: ConnectionsSource, request: UnlinkOrDelete, report: Report): Promise<Outcome> {
  const { kind, connection, signal } = request;
  try {
    // The element offers only what the source can do (`sourceActions`).
    if (kind === 'unlink') return { kind: 'unlinked', connection: await source.unlink!(connection.id, { signal }) };
    await source.delete!(connection.id, { signal });
    return { kind: 'deleted', connection };
  } catch (error) {
    if (signal.aborted) return { kind: 'none' };
    return settle(source, request, error, report);
  }
}

async function settle(source: ConnectionsSource, { kind, connection, name, signal }: UnlinkOrDelete, error: unknown, report: Report): Promise<Outcome> {
  const failed: Message = { key: kind === 'unlink' ? 'unlinkFailed' : 'deleteFailed', name };
  const failure = failureKind(error);
  if (failure === 'aborted') return { kind: 'none' };
  if (failure === 'signed-out') return { kind: 'failed', error, message: { key: 'signedOut' } };
  if (failure === 'refused') return { kind: 'failed', error, message: failed, ...(isWorthRetrying(error) && { retry: kind }) };
  report({ kind: 'checking' });
  const truth = await readConnection(source, connection.id, signal);
  if (signal.aborted) return { kind: 'none' };
  switch (truth.kind) {
    case 'gone':
      return kind === 'delete' ? { kind: 'deleted', connection } : { kind: 'gone', connection, error };
    case 'found': {
      const now = truth.connection;
      if (kind === 'unlink' && now.state === 'disconnected') return { kind: 'unlinked', connection: now };
      const changed = now.status !== connection.status;
      const stillApplies = kind === 'delete' || now.state === 'linked';
      const message: Message = changed ? { key: 'changedElsewhere', name } : failed;
      return { kind: 'failed', error, message, connection: now, ...(stillApplies && { retry: kind }) };
    }
    case 'unknown':
      if (failureKind(truth.error) === 'signed-out') return { kind: 'failed', error, message: { key: 'signedOut' } };
      return { kind: 'failed', error, message: failed, retry: kind };
  }
}
