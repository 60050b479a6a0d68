import { fixedUuid, ID_FAMILY } from './ids.js';
import { failingPulls, seed } from './seed.js';
import type { DataType, PullPlan, StoredCompany, StoredConnection, StoredPullOperation } from './types.js';

/** The emulator's in-memory state: companies, their connections and pull operations, in creation order. */
export function createStore(now: () => Date) {
  let companies = new Map<string, StoredCompany>();
  let connections = new Map<string, StoredConnection>();
  let pullOperations: StoredPullOperation[] = [];
  let created = 0;
  let queued = 0;

  const reset = (): void => {
    const fresh = seed(now());
    companies = new Map(fresh.companies.map((company) => [company.id, company]));
    connections = new Map(fresh.connections.map((connection) => [connection.id, connection]));
    pullOperations = fresh.pullOperations;
    created = 0;
    queued = 0;
  };
  reset();

  return {
    reset,
    companies: (): StoredCompany[] => [...companies.values()],
    company: (id: string): StoredCompany | undefined => companies.get(id),
    connectionsOf: (companyId: string): StoredConnection[] => [...connections.values()].filter((c) => c.companyId === companyId),
    connection: (companyId: string, id: string): StoredConnection | undefined => {
      const connection = connections.get(id);
      return connection?.companyId === companyId ? connection : undefined;
    },
    add(connection: Omit<StoredConnection, 'id'>): StoredConnection {
      created += 1;
      const stored = { ...connection, id: fixedUuid(ID_FAMILY.createdConnection, created) };
      connections.set(stored.id, stored);
      return stored;
    },
    remove: (id: string): boolean => connections.delete(id),

    /** Every pull operation, kept after its connection is unlinked or deleted, as history. */
    pullOperations: (): StoredPullOperation[] => pullOperations,
    pullOperationsOf: (companyId: string): StoredPullOperation[] => pullOperations.filter((operation) => operation.companyId === companyId),
    pullOperation: (companyId: string, id: string): StoredPullOperation | undefined =>
      pullOperations.find((operation) => operation.id === id && operation.companyId === companyId),
    /** Queues a pull of one data type of a connection, to run as `plan` says. */
    queuePull(connection: StoredConnection, dataType: DataType, requested: Date, plan: PullPlan): StoredPullOperation {
      queued += 1;
      const operation: StoredPullOperation = {
        id: fixedUuid(ID_FAMILY.queuedPullOperation, queued),
        companyId: connection.companyId,
        connectionId: connection.id,
        dataType,
        status: 'Queued',
        requested: requested.toISOString(),
        progress: 0,
        plan,
      };
      pullOperations.push(operation);
      return operation;
    },
    /** The error a pull of this connection's data type always ends in, if it is one of the seeded failures. */
    pullFailure: (connectionId: string, dataType: DataType): string | undefined =>
      failingPulls.find((pull) => pull.connectionId === connectionId && pull.dataType === dataType)?.errorMessage,
  };
}

export type Store = ReturnType<typeof createStore>;
