/**
 * The link flow, in a popup, in a new tab after a blocked popup, or by redirect: it creates the
 * connection when needed (finding it again when the answer was lost), opens only link URLs that
 * are safe, and resolves with how it ended. Loaded on first use (the popup itself is opened in the
 * click, before, by `openLinkPopup`).
 */
import { ConnectionsError, isOpenableUrl } from '@codat-connections/core';
import { failureKind, isNotFound, isWorthRetrying } from '../failures.js';
import type { Message } from '../messages.js';
import type { Outcome, Report } from '../outcome.js';
import { findPending, readConnection, type Truth } from '../reconcile.js';
import type { ConnectionsSource, ReturnedLink } from '../source.js';
import type { ConnectionView } from '../view-model.js';

export interface LinkRequest {
  /** A platform key to link a new connection for, or the connection to reconnect. */
  target: string | ConnectionView;
  /** The popup opened in the user's click (`openLinkPopup`), or null. */
  popup: Window | null;
  /** Sends the page to the link page instead (`link-mode="redirect"`). */
  navigate?: (url: string) => void;
  signal: AbortSignal;
}

/** A link through a source that cannot create or link (the element offers none; `link()` may still ask). */
const unsupported = (operation: 'create' | 'link') =>
  new ConnectionsError(`${operation} failed: this source does not offer it`, { code: 'invalid_argument', operation, status: 0 });

const unsafeLinkUrl = (connection: ConnectionView) =>
  new ConnectionsError(`link failed: refusing to open a link URL that is not https: ${JSON.stringify(connection.linkUrl ?? null)}`, {
    code: 'invalid_response',
    operation: 'link',
    status: 0,
  });

/** Links a new connection for a platform key, or reconnects a connection. */
export async function link(source: ConnectionsSource, { target, popup, navigate, signal }: LinkRequest, report: Report): Promise<Outcome> {
  let connection: ConnectionView | undefined;
  try {
    if (!source.link) throw unsupported('link');
    // By redirect, the user comes back to this page (a source whose journey takes a return address passes it on).
    const returnTo = navigate ? location.href : undefined;
    connection = typeof target === 'string' ? await create(source, target, signal, returnTo) : target;
    if (signal.aborted) return { kind: 'none' };
    // A model whose authorization pages are made per journey starts one for this connection.
    if (typeof target !== 'string' && source.reauthorize) connection = await source.reauthorize(connection, { signal, ...(returnTo && { returnTo }) });
    if (signal.aborted) return { kind: 'none' };
    const linkUrl = connection.linkUrl;
    if (!linkUrl || !isOpenableUrl(linkUrl)) throw unsafeLinkUrl(connection);
    report({ kind: 'link-started', connection });
    if (navigate) {
      navigate(linkUrl);
      return { kind: 'none' };
    }
    if (!popup) {
      // The row keeps the link to continue in a new tab; `continuedInTab` follows it when used.
      report({ kind: 'blocked', continueUrl: linkUrl });
      return { kind: 'none' };
    }
    return { kind: 'linked', connection: await source.link(connection, { popup, signal }) };
  } catch (error) {
    popup?.close();
    if (signal.aborted) return { kind: 'none' };
    if (connection && (error as { code?: unknown }).code === 'link_cancelled') return { kind: 'link-cancelled', connection };
    return settleFailure(source, error, connection, signal);
  }
}

/**
 * A failed link. When the outcome is uncertain (e.g. the answer while polling was lost), the
 * connection is read again: it may be linked after all, or gone.
 */
async function settleFailure(source: ConnectionsSource, error: unknown, connection: ConnectionView | undefined, signal: AbortSignal): Promise<Outcome> {
  if (!connection) return failed(error);
  if (isNotFound(error)) return { kind: 'gone', connection, error };
  if (failureKind(error) !== 'uncertain') return failed(error, connection);
  const truth = await readConnection(source, connection.id, signal);
  if (signal.aborted) return { kind: 'none' };
  if (truth.kind === 'gone') return { kind: 'gone', connection, error };
  if (truth.kind === 'found' && truth.connection.state === 'linked') return { kind: 'linked', connection: truth.connection };
  return failed(error, truth.kind === 'found' ? truth.connection : connection);
}

/**
 * Creates a connection. When the answer is lost (or cut, or invalid), the source may have made it
 * all the same: the company's pending connection of that platform is continued, never another made.
 */
async function create(source: ConnectionsSource, platformKey: string, signal: AbortSignal, returnTo: string | undefined): Promise<ConnectionView> {
  if (!source.create) throw unsupported('create');
  try {
    return await source.create(platformKey, { signal, ...(returnTo && { returnTo }) });
  } catch (error) {
    if (failureKind(error) !== 'uncertain') throw error;
    const found = await findPending(source, platformKey, signal);
    if (!found) throw error;
    return found;
  }
}

/**
 * After the user followed the continue link of a blocked popup: the connection is read again when
 * they come back to this window. An abort of `signal` stops waiting at once.
 */
export function continuedInTab(source: ConnectionsSource, connection: ConnectionView, signal: AbortSignal): Promise<Outcome> {
  return new Promise((resolve) => {
    const stop = () => {
      window.removeEventListener('focus', check);
      signal.removeEventListener('abort', aborted);
    };
    const aborted = () => {
      stop();
      resolve({ kind: 'none' });
    };
    const check = async () => {
      stop();
      const truth = await readConnection(source, connection.id, signal);
      resolve(signal.aborted ? { kind: 'none' } : returnedWith(truth, connection.id, connection, 'still-pending'));
    };
    window.addEventListener('focus', check);
    signal.addEventListener('abort', aborted, { once: true });
  });
}

/** What the truth read after the user came back says of a link of connection `id` (`known` when the row had it). */
function returnedWith(truth: Truth, id: string, known: ConnectionView | undefined, notLinked: 'still-pending' | 'not-linked-yet'): Outcome {
  if (truth.kind === 'found') return { kind: truth.connection.state === 'linked' ? 'linked' : notLinked, connection: truth.connection };
  if (truth.kind === 'unknown') return failed(truth.error, known);
  return known ? { kind: 'gone', connection: known, error: notFound({ id }) } : failed(notFound({ id }));
}

/**
 * After returning from a redirect link: on the source's success, reads the connection (it may be
 * beyond the first page); its word on a failure is reported as it is.
 */
export async function returnedFromRedirect(source: ConnectionsSource, returned: ReturnedLink, signal: AbortSignal): Promise<Outcome> {
  const { connectionId: id, failure } = returned;
  if (failure !== undefined) return failed(new ConnectionsError(`link failed: ${failure}`, { code: 'http_error', operation: 'link', status: 0 }));
  const truth = await readConnection(source, id, signal);
  return signal.aborted ? { kind: 'none' } : returnedWith(truth, id, undefined, 'not-linked-yet');
}

/** A failed link's outcome: signed out after a 401, else "linking failed", with Retry on a connection when it may work. */
function failed(error: unknown, connection?: ConnectionView): Outcome {
  const signedOut = failureKind(error) === 'signed-out';
  const message: Message = { key: signedOut ? 'signedOut' : 'linkFailed' };
  const retry = connection && isWorthRetrying(error) && connection.state !== 'linked';
  return { kind: 'failed', error, message, ...(connection && { connection }), ...(retry && { retry: 'reconnect' as const }) };
}

function notFound(connection: { id: string }): ConnectionsError {
  return new ConnectionsError(`get failed: connection ${connection.id} no longer exists`, { code: 'not_found', operation: 'get', status: 404 });
}
