import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Connections } from './Connections';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Connections />
  </StrictMode>,
);
