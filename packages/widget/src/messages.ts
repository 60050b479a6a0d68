import type { ConnectionAction } from './actions.js';
import type { ConnectionsStrings } from './strings/index.js';

/**
 * A message shown on a row or above the list. It names catalogue text, not the text itself, so a
 * change of locale translates a message already shown.
 */
export type Message =
  | { readonly key: 'failed' | 'signedOut' | 'linkFailed' | 'staleList' }
  | { readonly key: 'unlinkFailed' | 'deleteFailed' | 'removedElsewhere' | 'changedElsewhere' | 'refreshFailed'; readonly name: string }
  | { readonly key: 'skippedRows'; readonly count: number }
  /** The source asked to wait before the next refresh of data, or the next load of the list: how long, in seconds. */
  | { readonly key: 'loadLater'; readonly seconds: number }
  /** ... and for a refresh, who asked (the source's `provider`), when the source names it. */
  | { readonly key: 'refreshLater'; readonly seconds: number; readonly provider?: string };

/** What a message's Retry does: a connection's action again, or reading the list again (`reload`). */
export type RetryAction = Exclude<ConnectionAction, 'link'> | 'reload';

export interface ShownMessage {
  readonly message: Message;
  readonly retry?: RetryAction;
}

export function messageText(strings: ConnectionsStrings, message: Message): string {
  switch (message.key) {
    case 'skippedRows':
      return strings.skippedRows(message.count);
    case 'refreshLater':
      return strings.refreshLater(message.seconds, message.provider);
    case 'loadLater':
      return strings.loadLater(message.seconds);
    case 'unlinkFailed':
    case 'deleteFailed':
    case 'removedElsewhere':
    case 'changedElsewhere':
    case 'refreshFailed':
      return strings[message.key](message.name);
    default:
      return strings[message.key];
  }
}
