import { useState } from 'react';
import { CodatConnections } from '@codat-connections/widget/react';

export function Connections() {
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [count, setCount] = useState<number>();
  return (
    <>
      <button type="button" onClick={() => setTheme('dark')}>
        Dark theme
      </button>
      <CodatConnections
        tokenUrl="/api/codat/token"
        theme={theme}
        onCodatReady={(event) => setCount(event.detail.totalResults)}
        onCodatLinked={(event) => console.log(`${event.detail.connection.name} connected`)}
        onCodatBeforeDelete={(event) => {
          if (!window.confirm('Delete?')) event.preventDefault();
        }}
      />
      {count !== undefined && <p id="count">{count} connections</p>}
    </>
  );
}
