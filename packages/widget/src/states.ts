/**
 * The states the templates render, declared apart from the controllers that hold them so that
 * templates depend on what they show, never on how it is kept.
 */
import type { ConnectionView } from './view-model.js';

/** Where the list is: nothing asked yet, first page on its way, shown, or failed with nothing to show. */
export type ListStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Where the platforms the picker offers are. */
export type PlatformsStatus = 'loading' | 'ready' | 'error';

/** What the confirmation dialog asks about. */
export interface ConfirmRequest {
  readonly kind: 'unlink' | 'delete';
  readonly connection: ConnectionView;
}
