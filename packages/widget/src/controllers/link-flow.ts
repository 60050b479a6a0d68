import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConnectionsError, isOpenableUrl } from '@codat-connections/core';
import { failureKind, isNotFound, isWorthRetrying } from '../failures.js';
import type { ElementHost } from '../host.js';
import { messageText, type Message, type RetryAction } from '../messages.js';
import { displayName } from '../templates/labels.js';
import { findPending, readConnection } from '../reconcile.js';
import type { ConnectionsSource } from '../source.js';
import type { ConnectionView } from '../view-model.js';

import type { LinkMode } from './link-start.js';

export type { LinkMode };

/** How a link ended, for the element to turn into row state, announcements, events and focus. */
export type LinkOutcome =
  | { readonly kind: 'linked'; readonly connection: ConnectionView }
  /** Authorized as far as the user knows, but the source does not say `linked` (yet). */
  | { readonly kind: 'not-linked-yet'; readonly connection: ConnectionView }
  | { readonly kind: 'cancelled'; readonly connection: ConnectionView }
  /** The popup was blocked: the user may continue in a new tab. */
  | { readonly kind: 'blocked'; readonly connection: ConnectionView; readonly continueUrl: string }
  /** The page is on its way to the link page (`link-mode="redirect"`). */
  | { readonly kind: 'redirected'; readonly connection: ConnectionView }
  /** The connection no longer exists: it was removed elsewhere. */
  | { readonly kind: 'gone'; readonly connection: ConnectionView; readonly error: unknown }
  /**
   * It failed. `connection` is the connection as it is now, when known; `message` says what to tell
   * the user; `retry` is offered when trying again makes sense.
   */
  | {
      readonly kind: 'failed';
      readonly error: unknown;
      readonly connection?: ConnectionView;
      readonly message: Message;
      readonly retry?: RetryAction;
    }
  /** A reload, a removal or a newer action took over. */
  | { readonly kind: 'aborted' };

export interface LinkRequest {
  /** The popup opened in the user's click (`openPopup`), or null. */
  popup: Window | null;
  signal: AbortSignal;
  /** Called once the connection to authorize is known (created, found again, or given) and its link URL is safe to open. */
  onStarted: (connection: ConnectionView) => void;
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

/**
 * The link flow, in a popup, in a new tab after a blocked popup, or by redirect: it creates the
 * connection when needed (finding it again when the answer was lost), opens only link URLs that
 * are safe, and reports how it ended as a `LinkOutcome`. The element loads it on first use (the
 * popup itself is opened in the click, before, by `openLinkPopup`).
 */
export class LinkFlowController implements ReactiveController {
  /** Listeners waiting for the user to come back from a tab opened after a blocked popup. */
  private returnWatchers = new Map<string, () => void>();

  constructor(
    host: ReactiveControllerHost,
    private readonly options: { element: ElementHost; mode: () => LinkMode; navigate: (url: string) => void },
  ) {
    host.addController(this);
  }

  /**
   * A link the user started on row `rowId` (busy with it, `signal`), with the popup opened in their
   * click: through to the row's state, the announcement, the events and the focus (back on
   * `invoker` when it is still there, else on the row).
   */
  async start(
    source: ConnectionsSource,
    target: string | ConnectionView,
    rowId: string,
    { popup, signal }: Omit<LinkRequest, 'onStarted'>,
    invoker?: HTMLElement,
  ): Promise<void> {
    const { element } = this.options;
    let row = rowId;
    const outcome = await this.link(source, target, {
      popup,
      signal,
      onStarted: (connection) => {
        if (connection.id !== row) element.rows.adopt(row, connection.id, signal);
        row = connection.id;
        element.list.upsert(connection);
        element.emit('codat-link-started', { connection });
      },
    });
    await this.settle(outcome, row, signal);
    const shown = outcome.kind === 'aborted' || outcome.kind === 'failed' ? '' : outcome.connection.id;
    // The invoker may be gone, or hidden (a Reconnect button once its row is linked).
    await this.refocus(shown, invoker?.isConnected && !invoker.hidden ? invoker : undefined);
  }

  /** After the user followed the continue link of a blocked popup: the connection is checked when they come back. */
  async continued(source: ConnectionsSource, connection: ConnectionView, signal: AbortSignal): Promise<void> {
    const outcome = await this.watchReturn(source, connection, signal);
    // Not linked yet: the row keeps offering the link.
    if (outcome.kind === 'not-linked-yet') return this.options.element.list.upsert(outcome.connection);
    await this.settle(outcome, connection.id, signal);
    // The continue link the user left from is gone.
    await this.refocus(connection.id);
  }

  /** Once rendered, when focus was lost: on `usable`, else on row `rowId`'s first control, else the row. */
  private async refocus(rowId: string, usable?: HTMLElement): Promise<void> {
    const { element } = this.options;
    await element.rendered();
    element.restoreFocus(usable ?? element.findInRow(rowId, 'button:not([hidden])') ?? element.findRow(rowId));
  }

  /** After returning from a redirect link, once the list is loaded: shows the connection Codat's parameters name. */
  async returned(source: ConnectionsSource, params: URLSearchParams, signal: AbortSignal): Promise<void> {
    await this.settle(await this.finishRedirect(source, params, signal), params.get('connectionId') ?? '', signal);
  }

  /** Turns how a link ended into the row's state, an announcement and an event. */
  private async settle(outcome: LinkOutcome, rowId: string, signal: AbortSignal): Promise<void> {
    const { element } = this.options;
    const s = element.strings();
    switch (outcome.kind) {
      case 'aborted':
      case 'redirected':
        return;
      case 'blocked':
        element.rows.update(rowId, signal, { action: 'link', continueUrl: outcome.continueUrl });
        element.announce(s.popupBlocked);
        await element.rendered();
        element.findInRow(rowId, '[part~="continue-link"]')?.focus();
        return;
      case 'linked':
      case 'not-linked-yet':
        if (element.rows.finish(rowId, signal)) this.show(outcome.connection);
        return;
      case 'cancelled':
        if (!element.rows.finish(rowId, signal)) return;
        element.announce(s.linkCancelled(displayName(s, outcome.connection)));
        element.emit('codat-link-cancelled', { connection: outcome.connection });
        return;
      case 'gone':
        if (element.rows.finish(rowId, signal)) element.removedElsewhere(outcome.connection, outcome.error, 'link');
        return;
      case 'failed':
        if (outcome.connection) element.list.upsert(outcome.connection);
        if (outcome.connection && element.list.connections.some((row) => row.id === rowId)) {
          element.failRow(rowId, signal, outcome.message, outcome.retry);
        } else if (element.rows.finish(rowId, signal)) {
          // No row to carry the message: the link for a platform failed before a connection was known.
          element.notify(outcome.message);
          element.announce(messageText(s, outcome.message));
        }
        element.emitError(outcome.error, 'link');
        return;
    }
  }

  /** Shows a connection as it is now; when it is linked, also announces it, emits codat-linked and reads its freshness. */
  private show(connection: ConnectionView): void {
    const { element } = this.options;
    element.list.upsert(connection);
    const name = displayName(element.strings(), connection);
    if (connection.state !== 'linked') {
      element.announce(element.strings().notLinkedYet(name));
      return;
    }
    element.announce(element.strings().linked(name));
    element.emit('codat-linked', { connection });
    element.readFreshness();
  }

  /** Links a new connection for a platform key, or reconnects a connection. */
  private async link(source: ConnectionsSource, target: string | ConnectionView, { popup, signal, onStarted }: LinkRequest): Promise<LinkOutcome> {
    let connection: ConnectionView | undefined;
    try {
      if (!source.link) throw unsupported('link');
      connection = typeof target === 'string' ? await this.create(source, target, signal) : target;
      if (signal.aborted) return { kind: 'aborted' };
      // A model whose authorization pages are made per journey starts one for this connection.
      if (typeof target !== 'string' && source.reauthorize) connection = await source.reauthorize(connection, { signal });
      if (signal.aborted) return { kind: 'aborted' };
      const linkUrl = connection.linkUrl;
      if (!linkUrl || !isOpenableUrl(linkUrl)) throw unsafeLinkUrl(connection);
      onStarted(connection);
      if (this.options.mode() === 'redirect') {
        this.options.navigate(linkUrl);
        return { kind: 'redirected', connection };
      }
      if (!popup) return { kind: 'blocked', connection, continueUrl: linkUrl };
      return { kind: 'linked', connection: await source.link(connection, { popup, signal }) };
    } catch (error) {
      popup?.close();
      if (signal.aborted) return { kind: 'aborted' };
      if (connection && (error as { code?: unknown }).code === 'link_cancelled') return { kind: 'cancelled', connection };
      return this.settleFailure(source, error, connection, signal);
    }
  }

  /**
   * A failed link. When the outcome is uncertain (e.g. the answer while polling was lost), the
   * connection is read again: it may be linked after all, or gone.
   */
  private async settleFailure(source: ConnectionsSource, error: unknown, connection: ConnectionView | undefined, signal: AbortSignal): Promise<LinkOutcome> {
    if (!connection) return failed(error);
    if (isNotFound(error)) return { kind: 'gone', connection, error };
    if (failureKind(error) !== 'uncertain') return failed(error, connection);
    const truth = await readConnection(source, connection.id, signal);
    if (signal.aborted) return { kind: 'aborted' };
    if (truth.kind === 'gone') return { kind: 'gone', connection, error };
    if (truth.kind === 'found' && truth.connection.state === 'linked') return { kind: 'linked', connection: truth.connection };
    return failed(error, truth.kind === 'found' ? truth.connection : connection);
  }

  /**
   * Creates a connection. When the answer is lost (or cut, or invalid), the source may have made it
   * all the same: the company's pending connection of that platform is continued, never another made.
   */
  private async create(source: ConnectionsSource, platformKey: string, signal: AbortSignal): Promise<ConnectionView> {
    if (!source.create) throw unsupported('create');
    try {
      return await source.create(platformKey, { signal });
    } catch (error) {
      if (failureKind(error) !== 'uncertain') throw error;
      const found = await findPending(source, platformKey, signal);
      if (!found) throw error;
      return found;
    }
  }

  /**
   * After the user followed the continue link of a blocked popup: resolves with the connection as
   * it is when they come back to this window (or undefined when the row's action ended meanwhile).
   */
  private watchReturn(source: ConnectionsSource, connection: ConnectionView, signal: AbortSignal): Promise<LinkOutcome> {
    this.returnWatchers.get(connection.id)?.();
    return new Promise((resolve) => {
      const stop = () => {
        this.returnWatchers.delete(connection.id);
        window.removeEventListener('focus', check);
        signal.removeEventListener('abort', aborted);
      };
      const aborted = () => {
        stop();
        resolve({ kind: 'aborted' });
      };
      const check = async () => {
        stop();
        const truth = await readConnection(source, connection.id, signal);
        if (signal.aborted) resolve({ kind: 'aborted' });
        else if (truth.kind === 'found') resolve({ kind: truth.connection.state === 'linked' ? 'linked' : 'not-linked-yet', connection: truth.connection });
        else if (truth.kind === 'gone') resolve({ kind: 'gone', connection, error: notFound(connection) });
        else resolve(failed(truth.error, connection));
      };
      window.addEventListener('focus', check);
      signal.addEventListener('abort', aborted, { once: true });
      this.returnWatchers.set(connection.id, aborted);
    });
  }

  /**
   * After returning from a redirect link: on Codat's success, reads the connection (it may be beyond
   * the first page); Codat's word on a failure is reported as it is.
   */
  private async finishRedirect(source: ConnectionsSource, params: URLSearchParams, signal: AbortSignal): Promise<LinkOutcome> {
    const id = params.get('connectionId') ?? '';
    const code = params.get('statusCode');
    if (code !== '200') {
      const message = params.get('errorMessage') || params.get('statusText') || `statusCode ${code}`;
      return failed(new ConnectionsError(`link failed: ${message}`, { code: 'http_error', operation: 'link', status: 0 }));
    }
    const truth = await readConnection(source, id, signal);
    if (signal.aborted) return { kind: 'aborted' };
    if (truth.kind === 'found') return { kind: truth.connection.state === 'linked' ? 'linked' : 'not-linked-yet', connection: truth.connection };
    return failed(truth.kind === 'unknown' ? truth.error : notFound({ id }));
  }

  hostDisconnected(): void {
    for (const stop of [...this.returnWatchers.values()]) stop();
  }
}

/** A failed link's outcome: signed out after a 401, else "linking failed", with Retry on a connection when it may work. */
function failed(error: unknown, connection?: ConnectionView): LinkOutcome {
  const signedOut = failureKind(error) === 'signed-out';
  const message: Message = { key: signedOut ? 'signedOut' : 'linkFailed' };
  const retry = connection && isWorthRetrying(error) && connection.state !== 'linked';
  return { kind: 'failed', error, message, ...(connection && { connection }), ...(retry && { retry: 'reconnect' as const }) };
}

function notFound(connection: { id: string }): ConnectionsError {
  return new ConnectionsError(`get failed: connection ${connection.id} no longer exists`, { code: 'not_found', operation: 'get', status: 404 });
}
