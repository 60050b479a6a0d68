// Type-checks: the @lit/react wrapper with typed props and `onCodat…` handlers.
import { CodatConnections } from '@codat-connections/widget/react';

export function Portal({ companyId }: { companyId: string }) {
  return (
    <CodatConnections
      tokenUrl="/api/codat/token"
      companyId={companyId}
      pageSize={20}
      onCodatLinked={(event) => console.log(event.detail.connection.id)}
      onCodatDeleted={(event) => console.log(event.detail.connectionId)}
      onCodatRefreshed={(event) => console.log(event.detail.connection.datasets?.length)}
      onCodatBeforeDelete={(event) => event.preventDefault()}
    />
  );
}
