'use client';
// `@codat-connections/widget/react`: <CodatConnections> for React, made with @lit/react so that
// properties are set as properties and every `codat-*` event reaches an `onCodat…` handler.
// A client component (the directive above, first in the module): a Next.js server component may
// render it, and React runs it in the browser, where the element is defined.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { CodatConnections as CodatConnectionsElement } from './connections.component.js';
import type {
  CodatBeforeDeleteEvent,
  CodatBeforeUnlinkEvent,
  CodatDeletedEvent,
  CodatErrorEvent,
  CodatLinkCancelledEvent,
  CodatLinkedEvent,
  CodatLinkStartedEvent,
  CodatReadyEvent,
  CodatRefreshedEvent,
  CodatUnlinkedEvent,
} from './events.js';
import './codat-connections.js';

export type { CodatConnectionsJsxProps } from './jsx.js';

export const CodatConnections = createComponent({
  tagName: 'codat-connections',
  elementClass: CodatConnectionsElement,
  react: React,
  displayName: 'CodatConnections',
  events: {
    onCodatReady: 'codat-ready' as EventName<CodatReadyEvent>,
    onCodatLinkStarted: 'codat-link-started' as EventName<CodatLinkStartedEvent>,
    onCodatLinked: 'codat-linked' as EventName<CodatLinkedEvent>,
    onCodatLinkCancelled: 'codat-link-cancelled' as EventName<CodatLinkCancelledEvent>,
    onCodatBeforeUnlink: 'codat-before-unlink' as EventName<CodatBeforeUnlinkEvent>,
    onCodatBeforeDelete: 'codat-before-delete' as EventName<CodatBeforeDeleteEvent>,
    onCodatUnlinked: 'codat-unlinked' as EventName<CodatUnlinkedEvent>,
    onCodatDeleted: 'codat-deleted' as EventName<CodatDeletedEvent>,
    onCodatError: 'codat-error' as EventName<CodatErrorEvent>,
    onCodatRefreshed: 'codat-refreshed' as EventName<CodatRefreshedEvent>,
  },
});
