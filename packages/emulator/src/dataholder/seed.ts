import { fixedUuid, ID_FAMILY } from '../ids.js';
import { scopesFor } from './scopes.js';
import { DATAHOLDER_METRICS, type DataholderConnection, type DataholderMetric, type DatasetReadState } from '@codat-connections/core/dataholder/contract';
import type { DataholderSeed, SeedDataholder } from './types.js';

/** The demo user: a connection in every status. */
export const DEMO_USER_ID = fixedUuid(ID_FAMILY.dataholderUser, 1);
/** Another user of the same app, whose connections no request for the demo user may reach. */
export const OTHER_USER_ID = fixedUuid(ID_FAMILY.dataholderUser, 2);
/** A user with no connections. */
export const EMPTY_USER_ID = fixedUuid(ID_FAMILY.dataholderUser, 3);

/** The app id stamped on the seeded connections (and on new ones, unless told otherwise). */
export const DEFAULT_APP_ID = 'codat-connections-demo';

const connectionId = (index: number) => fixedUuid(ID_FAMILY.seededDataholderConnection, index);

/** The demo user's seeded connections, by what they show. */
export const DEMO_USER_CONNECTIONS = {
  /** ACTIVE, every metric, all four datasets read (SUCCESS). */
  active: connectionId(1),
  /** ACTIVE for three metrics: BANK_TRANSACTION's last read failed (FAILURE), USER_INFO is missing from its state. */
  activeWithFailure: connectionId(2),
  /** EXPIRED: the consent ran out; datasets last read before it did. */
  expired: connectionId(3),
  /** DISCONNECTED, with `disconnectedAt`. */
  disconnected: connectionId(4),
  /** INITIATED: consent never given; scopes, metrics and connectedAt null. */
  initiated: connectionId(5),
  /** A status outside the documented four: "REVOKED_BY_DATAHOLDER". */
  revoked: connectionId(6),
} as const;

/** The other user's connections: one to a dataholder the demo user also uses, one INITIATED. */
export const OTHER_USER_CONNECTIONS = {
  active: connectionId(7),
  initiated: connectionId(8),
} as const;

export const seededDataholders: readonly SeedDataholder[] = [
  { id: 'commonwealth-bank', name: 'Commonwealth Bank', logo: { colour: '#ffcc00', initials: 'CB' } },
  { id: 'anz', name: 'ANZ', logo: { colour: '#007dba', initials: 'ANZ' } },
  { id: 'westpac', name: 'Westpac', logo: { colour: '#da1710', initials: 'W' } },
  { id: 'nab', name: 'NAB', logo: { colour: '#c20000', initials: 'NAB' } },
  { id: 'kiwibank', name: 'Kiwibank', logo: { colour: '#6cb33f', initials: 'K' } },
  // No logo: `logoUrl` is optional.
  { id: 'asb', name: 'ASB Bank' },
  // One the demo user has no connection to: linking it makes a new connection.
  { id: 'bendigo', name: 'Bendigo Bank', logo: { colour: '#9b1b30', initials: 'BB' } },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The seed, with every time relative to `now`: connections of the demo user in every status (and
 * one in a status the contract does not name), two of another user, none of the empty user.
 */
export function dataholderSeed(now: Date): DataholderSeed {
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  let reads = 0;
  const read = (status: 'SUCCESS' | 'FAILURE', lastUpdated: string, lastSuccess: string | null = lastUpdated): DatasetReadState => ({
    status,
    referenceId: fixedUuid(ID_FAMILY.datasetRead, ++reads),
    lastSuccess,
    lastUpdated,
  });
  const allRead = (at: string, metrics: readonly DataholderMetric[] = DATAHOLDER_METRICS) =>
    Object.fromEntries(metrics.map((metric) => [metric, read('SUCCESS', at)]));
  const connection = (
    id: string,
    user: string,
    dataholder: string,
    status: string,
    fields: Partial<Pick<DataholderConnection, 'scopes' | 'metrics'>> & { connectedAt?: string; disconnectedAt?: string; datasets?: object } = {},
  ): DataholderConnection => ({
    id,
    app: DEFAULT_APP_ID,
    dataholder,
    user,
    scopes: fields.scopes ?? null,
    metrics: fields.metrics ?? null,
    status,
    connectionState: { status, connectedAt: fields.connectedAt ?? null, disconnectedAt: fields.disconnectedAt ?? null, ...fields.datasets },
  });

  return {
    dataholders: seededDataholders.map((dataholder) => ({ ...dataholder })),
    connections: [
      connection(DEMO_USER_CONNECTIONS.active, DEMO_USER_ID, 'commonwealth-bank', 'ACTIVE', {
        scopes: scopesFor(null),
        connectedAt: ago(45 * DAY),
        datasets: allRead(ago(2 * HOUR)),
      }),
      connection(DEMO_USER_CONNECTIONS.activeWithFailure, DEMO_USER_ID, 'anz', 'ACTIVE', {
        scopes: scopesFor(['BANK_ACCOUNT', 'BANK_BALANCE', 'BANK_TRANSACTION']),
        metrics: ['BANK_ACCOUNT', 'BANK_BALANCE', 'BANK_TRANSACTION'],
        connectedAt: ago(20 * DAY),
        datasets: { ...allRead(ago(5 * HOUR), ['BANK_ACCOUNT', 'BANK_BALANCE']), BANK_TRANSACTION: read('FAILURE', ago(1 * HOUR), ago(3 * DAY)) },
      }),
      connection(DEMO_USER_CONNECTIONS.expired, DEMO_USER_ID, 'westpac', 'EXPIRED', {
        scopes: scopesFor(null),
        connectedAt: ago(380 * DAY),
        datasets: allRead(ago(15 * DAY)),
      }),
      connection(DEMO_USER_CONNECTIONS.disconnected, DEMO_USER_ID, 'nab', 'DISCONNECTED', {
        scopes: scopesFor(['BANK_BALANCE', 'BANK_TRANSACTION']),
        metrics: ['BANK_BALANCE', 'BANK_TRANSACTION'],
        connectedAt: ago(90 * DAY),
        disconnectedAt: ago(6 * DAY),
        datasets: allRead(ago(7 * DAY), ['BANK_BALANCE', 'BANK_TRANSACTION']),
      }),
      connection(DEMO_USER_CONNECTIONS.initiated, DEMO_USER_ID, 'kiwibank', 'INITIATED'),
      connection(DEMO_USER_CONNECTIONS.revoked, DEMO_USER_ID, 'asb', 'REVOKED_BY_DATAHOLDER', {
        scopes: scopesFor(['BANK_ACCOUNT']),
        metrics: ['BANK_ACCOUNT'],
        connectedAt: ago(60 * DAY),
        disconnectedAt: ago(2 * DAY),
        datasets: allRead(ago(3 * DAY), ['BANK_ACCOUNT']),
      }),
      connection(OTHER_USER_CONNECTIONS.active, OTHER_USER_ID, 'commonwealth-bank', 'ACTIVE', {
        scopes: scopesFor(null),
        connectedAt: ago(10 * DAY),
        datasets: allRead(ago(30 * 60_000)),
      }),
      connection(OTHER_USER_CONNECTIONS.initiated, OTHER_USER_ID, 'westpac', 'INITIATED'),
    ],
  };
}
