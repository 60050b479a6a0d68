// A React 19 app using the @lit/react wrapper; test/embed/frameworks.test.ts bundles it with esbuild.
// React state keeps a log of the events its handlers received, rendered as a list.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CodatConnections } from '@codat-connections/widget/react';

const companies = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'] as const;

function App() {
  const [log, setLog] = useState<string[]>([]);
  const [company, setCompany] = useState(0);
  const add = (entry: string) => setLog((entries) => [...entries, entry]);
  return (
    <>
      <button id="switch" type="button" onClick={() => setCompany((index) => 1 - index)}>
        Switch company
      </button>
      <CodatConnections
        tokenUrl="/api/codat/token"
        companyId={companies[company]}
        onCodatReady={(event) => add(`ready ${event.detail.connections.length}`)}
        onCodatLinkStarted={(event) => add(`link-started ${event.detail.connection.name}`)}
        onCodatLinked={(event) => add(`linked ${event.detail.connection.name}`)}
      />
      <ol id="log">
        {log.map((entry, index) => (
          <li key={index}>{entry}</li>
        ))}
      </ol>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
