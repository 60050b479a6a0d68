// The React example: the @lit/react wrapper with `onCodat…` handlers feeding React state.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CodatConnections } from '@codat-connections/widget/react';

function App() {
  const [log, setLog] = useState([]);
  const [theme, setTheme] = useState('auto');
  const add = (text) => setLog((entries) => [...entries, text]);
  return (
    <>
      <label>
        Theme{' '}
        <select value={theme} onChange={(event) => setTheme(event.target.value)}>
          <option value="auto">auto</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <CodatConnections
        tokenUrl="/api/codat/token"
        theme={theme}
        actions="link reconnect unlink refresh delete"
        onCodatReady={(event) => add(`ready: ${event.detail.connections.length} connections`)}
        onCodatLinked={(event) => add(`linked: ${event.detail.connection.name}`)}
        onCodatUnlinked={(event) => add(`unlinked: ${event.detail.connection.name}`)}
        onCodatDeleted={(event) => add(`deleted: ${event.detail.connectionId}`)}
        onCodatError={(event) => add(`error (${event.detail.operation}): ${event.detail.error.message}`)}
      />
      <h2>Events</h2>
      <ol>
        {log.map((entry, index) => (
          <li key={index}>{entry}</li>
        ))}
      </ol>
    </>
  );
}

createRoot(document.getElementById('root')).render(<App />);
