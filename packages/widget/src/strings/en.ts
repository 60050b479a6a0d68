/**
 * The English catalogue: the base every other locale completes. Every visible string and
 * accessible name of `<codat-connections>` comes from here; functions interpolate API values
 * (platform names, counts), which are always rendered as text.
 */
export const en = {
  locale: 'en',
  title: 'Connections',
  linkNew: 'Link a new connection',
  pickerLabel: 'Choose a platform to connect',
  pickerSearch: 'Search platforms',
  pickerEmpty: 'No platform matches.',
  pickerLoading: 'Loading platforms…',
  closePicker: 'Close',
  filterLabel: 'Filter connections',
  filterEmpty: 'No connection matches the filter.',
  loading: 'Loading connections…',
  empty: 'No connections yet. Link one to share your data.',
  retry: 'Retry',
  loadMore: 'Load more',
  loadMoreCount: (shown: number, total: number) => `Showing ${shown} of ${total}`,
  loaded: (count: number) => (count === 1 ? '1 connection loaded' : `${count} connections loaded`),
  status: {
    PendingAuth: 'Pending authorization',
    Linked: 'Linked',
    Unlinked: 'Unlinked',
    Deauthorized: 'Deauthorized',
  } as Record<string, string>,
  lastSync: 'Last sync',
  neverSynced: 'Never synced',
  created: 'Created',
  errorsSummary: (count: number) => (count === 1 ? '1 error' : `${count} errors`),
  reconnect: 'Reconnect',
  reconnectNamed: (platform: string) => `Reconnect ${platform}`,
  unlink: 'Unlink',
  unlinkNamed: (platform: string) => `Unlink ${platform}`,
  delete: 'Delete',
  deleteNamed: (platform: string) => `Delete ${platform}`,
  logoAlt: (platform: string) => `${platform} logo`,
  waitingForAuthorization: 'Waiting for authorization…',
  unlinking: 'Unlinking…',
  deleting: 'Deleting…',
  popupBlocked: 'Your browser blocked the sign-in window.',
  continueInNewTab: (platform: string) => `Continue to ${platform} in a new tab`,
  confirmUnlinkTitle: (platform: string) => `Unlink ${platform}?`,
  confirmUnlinkBody: (platform: string) =>
    `Codat will stop reading data from ${platform}. Data already shared is kept, and you can reconnect later.`,
  confirmDeleteTitle: (platform: string) => `Delete ${platform}?`,
  confirmDeleteBody: (platform: string) =>
    `The connection to ${platform} and its authorization are removed for good. This cannot be undone.`,
  cancel: 'Cancel',
  linked: (platform: string) => `${platform} linked`,
  linkCancelled: (platform: string) => `${platform} was not linked`,
  notLinkedYet: (platform: string) => `${platform} is not linked yet`,
  unlinked: (platform: string) => `${platform} unlinked`,
  deleted: (platform: string) => `${platform} deleted`,
  failed: 'Something went wrong. Please try again.',
  errorTitle: 'Connections could not be loaded.',
  signedOut: 'You may have been signed out. Sign in again, then retry.',
  linkFailed: 'Linking failed. Please try again.',
};

/** The shape of a complete catalogue. */
export type ConnectionsStrings = typeof en;

/** What the `strings` property accepts: any subset of a catalogue, overriding built-in text. */
export type ConnectionsStringOverrides = Partial<Omit<ConnectionsStrings, 'status'>> & {
  status?: Record<string, string>;
};
