// Type-checks: <codat-connections> in React 19 JSX with its attributes, properties and events.
import type {} from '@codat-connections/widget/jsx';
import type { CodatLinkedEvent } from '@codat-connections/widget';

export function Portal({ companyId }: { companyId: string }) {
  const linked = (event: CodatLinkedEvent) => console.log(event.detail.connection.name);
  return (
    <codat-connections
      token-url="/api/codat/token"
      company-id={companyId}
      actions="link reconnect unlink delete"
      page-size={20}
      theme="dark"
      link-mode="redirect"
      no-confirm
      strings={{ title: 'Bank feeds' }}
      oncodat-linked={linked}
      stale-after="7d"
      oncodat-refreshed={(event) => console.log(event.detail.connection.datasets?.map((dataset) => dataset.type))}
      oncodat-error={(event) => console.error(event.detail.operation, event.detail.error.message)}
    />
  );
}
