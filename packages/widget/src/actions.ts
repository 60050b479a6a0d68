/**
 * An action a row or the header may offer, in the words of the element's `actions` attribute:
 * `link` a new connection, `reconnect`, `unlink`, `delete`, and `refresh-data` (ask the platform to
 * read the company's data again). Reading the list again is not an action of a connection: it is
 * the header's Refresh (`refresh()`).
 */
export type ConnectionAction = 'link' | 'reconnect' | 'unlink' | 'delete' | 'refresh-data';
