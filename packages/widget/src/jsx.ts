// JSX typings for React 19, which renders custom elements natively: attributes by their HTML
// names, objects and functions as properties, and `on<event-name>` props as event listeners.
// Opt in with `import type {} from '@codat-connections/widget/jsx'` (the `/react` wrapper does).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ConnectionsClient, TokenProvider } from '@codat-connections/core';
import type { CodatConnections, ConnectionsTheme, LinkMode } from './connections.component.js';
import type { CodatConnectionsEventMap } from './events.js';
import type { ConnectionsStringOverrides } from './strings/index.js';

type EventHandlerProps = {
  [K in keyof CodatConnectionsEventMap as `on${K}`]?: (event: CodatConnectionsEventMap[K]) => void;
};

/** What `<codat-connections>` accepts in React 19 JSX. */
export interface CodatConnectionsJsxProps extends DetailedHTMLProps<HTMLAttributes<CodatConnections>, CodatConnections>, EventHandlerProps {
  'token-url'?: string;
  'company-id'?: string;
  'base-url'?: string;
  actions?: string;
  'source-types'?: string;
  'platform-keys'?: string;
  'page-size'?: number | `${number}`;
  locale?: string;
  theme?: ConnectionsTheme;
  'link-mode'?: LinkMode;
  'no-confirm'?: boolean;
  'stale-after'?: string;
  live?: 'on' | 'off';
  client?: ConnectionsClient;
  tokenProvider?: TokenProvider;
  strings?: ConnectionsStringOverrides;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'codat-connections': CodatConnectionsJsxProps;
    }
  }
}
