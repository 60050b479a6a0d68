import { fixedUuid, ID_FAMILY } from './ids.js';
import { seed } from './seed.js';
import type { StoredCompany, StoredConnection } from './types.js';

/** The emulator's in-memory state: companies and their connections, in creation order. */
export function createStore() {
  let companies = new Map<string, StoredCompany>();
  let connections = new Map<string, StoredConnection>();
  let created = 0;

  const reset = (): void => {
    const fresh = seed();
    companies = new Map(fresh.companies.map((company) => [company.id, company]));
    connections = new Map(fresh.connections.map((connection) => [connection.id, connection]));
    created = 0;
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
  };
}

export type Store = ReturnType<typeof createStore>;
