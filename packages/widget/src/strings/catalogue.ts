import type { ConnectionState, DatasetState } from '../view-model.js';

/**
 * Every visible string and accessible name of `<codat-connections>`. Each built-in locale is a
 * complete object of this type (no spread of English), so a missing translation is a type error.
 * Functions interpolate values from the API (platform names, counts), always rendered as text.
 */
export interface ConnectionsStrings {
  /** The BCP 47 tag of the catalogue, set as the element's `lang`. */
  locale: string;
  title: string;
  linkNew: string;
  /** The header's button that reads the list again. */
  refresh: string;
  pickerLabel: string;
  pickerSearch: string;
  pickerEmpty: string;
  pickerLoading: string;
  /** Beside a linked banking aggregator in the picker: picking it adds another connection (another bank). */
  addAnother: string;
  closePicker: string;
  filterLabel: string;
  filterEmpty: string;
  loading: string;
  empty: string;
  retry: string;
  /** The close button of a message on a row or above the list. */
  dismiss: string;
  loadMore: string;
  loadMoreCount: (shown: number, total: number) => string;
  loaded: (count: number) => string;
  /** Labels of the source's own statuses (Codat's `PendingAuth`, ...), where they say more than the state. */
  status: Record<string, string>;
  /** Labels of the states every connection model shares (the fallback of `status`). */
  states: Record<ConnectionState, string>;
  /** The name shown for a connection whose platform name is unknown. */
  unknownPlatform: string;
  lastSync: string;
  neverSynced: string;
  created: string;
  errorsSummary: (count: number) => string;
  reconnect: string;
  reconnectNamed: (platform: string) => string;
  unlink: string;
  unlinkNamed: (platform: string) => string;
  delete: string;
  deleteNamed: (platform: string) => string;
  logoAlt: (platform: string) => string;
  waitingForAuthorization: string;
  unlinking: string;
  deleting: string;
  /** Shown while the element reads a connection again after an uncertain outcome. */
  checking: string;
  popupBlocked: string;
  continueInNewTab: (platform: string) => string;
  confirmUnlinkTitle: (platform: string) => string;
  /**
   * What unlinking ends: `provider` reading data from the platform. `provider` is the source's
   * (`ConnectionsSource.provider`: "Codat" for Codat's connections); without one the text names no one.
   */
  confirmUnlinkBody: (platform: string, provider?: string) => string;
  confirmDeleteTitle: (platform: string) => string;
  confirmDeleteBody: (platform: string) => string;
  cancel: string;
  linked: (platform: string) => string;
  linkCancelled: (platform: string) => string;
  notLinkedYet: (platform: string) => string;
  unlinked: (platform: string) => string;
  deleted: (platform: string) => string;
  failed: string;
  /** The list could not be loaded because of too many requests (a 429): when to try again, in seconds. */
  loadLater: (seconds: number) => string;
  errorTitle: string;
  signedOut: string;
  linkFailed: string;
  /** A row's unlink failed (the row is shown as it is now). */
  unlinkFailed: (platform: string) => string;
  /** A row's delete failed (the row is shown as it is now). */
  deleteFailed: (platform: string) => string;
  /** The connection no longer exists: it was deleted elsewhere (another tab, Codat's portal). */
  removedElsewhere: (platform: string) => string;
  /** The connection had changed elsewhere; the row now shows how it is. */
  changedElsewhere: (platform: string) => string;
  /** A reload failed: the rows shown are kept, but may be out of date. */
  staleList: string;
  /** Rows of the answer that could not be shown at all (not a connection). */
  skippedRows: (count: number) => string;
  /** Announced when a link is asked for a platform the company already has linked (followed by its state). */
  alreadyConnected: (platform: string, state: string) => string;
  /** A linked row's freshness: every data type read, the least recent `when` ago ("2 hours ago"). */
  dataUpdated: (when: string) => string;
  /** A linked row's freshness while a read of its data runs. */
  dataUpdating: string;
  /** A linked row's freshness while its first read runs (just linked: nothing read yet). */
  dataReading: string;
  /** A linked row's freshness when data types failed to update. */
  dataFailed: (count: number) => string;
  /** A linked row's freshness when its least recent data is older than `stale-after`. */
  dataStale: (when: string) => string;
  /** A linked row's freshness when none of its data has been read yet. */
  dataNever: string;
  /** The freshness of a row that is not linked (expired, disconnected...): its data is kept but no longer updates; last read `when` ago. */
  dataStopped: (when: string) => string;
  /** A data type's state on a row that is not linked: it no longer updates (one never read keeps `datasetStates.never`). */
  datasetNotUpdating: string;
  /** The summary of a row's expandable list of data types. */
  datasetsSummary: (count: number) => string;
  /** How a data type of a connection stands. */
  datasetStates: Record<DatasetState, string>;
  /** Before a data type's last successful read ("Updated 2 hours ago"). */
  lastSuccess: string;
  /** Before a data type's last attempt. */
  lastAttempt: string;
  /** Codat's data types in the words people use; a data type not listed here is shown by its key. */
  dataTypes: Record<string, string>;
  /** Codat's source types (`Accounting`, `Banking`, ...); a source type not listed here is shown as the source wrote it. */
  sourceTypes: Record<string, string>;
  /** A linked row's button that asks for its data to be read again. */
  refreshData: string;
  /** Its accessible name. */
  refreshDataNamed: (platform: string) => string;
  /** A row's progress text while its data is read again. */
  refreshingData: string;
  /** Announced when the reads a refresh asked for have finished. */
  dataRefreshed: (platform: string) => string;
  /** Changes made elsewhere, announced politely as an open element follows them (`live`). */
  nowLinked: (platform: string) => string;
  nowUnlinked: (platform: string) => string;
  /** Access was withdrawn at the platform (Codat's `Deauthorized`). */
  nowExpired: (platform: string) => string;
  nowDeleted: (platform: string) => string;
  /** A refresh could not be asked for. */
  refreshFailed: (platform: string) => string;
  /** The source's `provider` (when it names one) asked to wait before the next refresh, for this many seconds. */
  refreshLater: (seconds: number, provider?: string) => string;
  /** Before when the user last gave consent (the dataholder model's `connectedAt`). */
  connectedAt: string;
  /** Before when the connection was ended (`disconnectedAt`). */
  disconnectedAt: string;
  /** The summary of a row's expandable access: what is shared, and what the connection reads. */
  access: string;
  /** Before the scopes the user granted. */
  scopesGranted: string;
  /** Scopes of a connection that is not active (`null`). */
  scopesNone: string;
  /** Before the data the connection was made to read. */
  metricsRequested: string;
  /** Metrics `null`: every kind of data. */
  metricsAll: string;
  /** Consent scopes in the words people use (Australia's CDR names); a scope not listed here is shown as it is. */
  scopes: Record<string, string>;
}

/** What the `strings` property accepts: any subset of a catalogue, overriding built-in text. */
export type ConnectionsStringOverrides = Partial<Omit<ConnectionsStrings, 'status' | 'states' | 'datasetStates' | 'dataTypes' | 'sourceTypes' | 'scopes'>> & {
  scopes?: Record<string, string>;
  status?: Record<string, string>;
  states?: Partial<Record<ConnectionState, string>>;
  datasetStates?: Partial<Record<DatasetState, string>>;
  dataTypes?: Record<string, string>;
  sourceTypes?: Record<string, string>;
};
