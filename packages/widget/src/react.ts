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
  CodatChangedEvent,
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

const Wrapper = createComponent({
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
    onCodatChanged: 'codat-changed' as EventName<CodatChangedEvent>,
  },
});

/**
 * Properties given to the element as attributes too, so that React writes them into
 * server-rendered HTML (Next.js): the element knows its token endpoint as soon as it is defined,
 * instead of loading nothing, and warning that `token-url` is missing, until React hydrates and
 * sets its properties. The properties still win in the browser. (@lit/react keeps a prop named as
 * its attribute, `theme`, `locale`, `actions`, for the property, set at hydration.)
 */
const attributes = {
  tokenUrl: 'token-url',
  companyId: 'company-id',
  baseUrl: 'base-url',
  sourceTypes: 'source-types',
  platformKeys: 'platform-keys',
  pageSize: 'page-size',
  linkMode: 'link-mode',
  staleAfter: 'stale-after',
} as const;

function WithAttributes(props: Record<string, unknown>) {
  const given: Record<string, unknown> = { ...props };
  for (const [property, attribute] of Object.entries(attributes)) {
    const value = props[property];
    if (typeof value === 'string' || typeof value === 'number') given[attribute] = String(value);
  }
  return React.createElement(Wrapper as unknown as React.ComponentType<Record<string, unknown>>, given);
}
WithAttributes.displayName = 'CodatConnections';

export const CodatConnections = WithAttributes as unknown as typeof Wrapper;
