// Type-checks: <codat-connections> through the DOM, as a page without a framework meets it. The
// registration module declares the tag in HTMLElementTagNameMap, so createElement and
// querySelector give the element class, and its events are typed on addEventListener.
import '@codat-connections/widget/codat-connections.js';
import type {
  CodatConnections,
  CodatErrorEvent,
  CodatLinkedEvent,
  CodatRefreshedEvent,
  ConnectionView,
  DatasetState,
  DatasetView,
} from '@codat-connections/widget';

/** `true` only when A and B are the same type (`any` is not). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const created = document.createElement('codat-connections');
export const createdIsTheClass: Equal<typeof created, CodatConnections> = true;
created.tokenUrl = '/api/codat/token';
created.pageSize = 20;
created.theme = 'dark';

export const queried = document.querySelector('codat-connections');
export const queriedIsTheClass: Equal<typeof queried, CodatConnections | null> = true;

created.addEventListener('codat-linked', (event) => {
  const typed: Equal<typeof event, CodatLinkedEvent> = true;
  const connection: ConnectionView = event.detail.connection;
  console.log(typed, connection.id, connection.name, connection.state, connection.status);
});
document.addEventListener('codat-error', (event) => {
  const typed: Equal<typeof event, CodatErrorEvent> = true;
  console.log(typed, event.detail.operation, event.detail.error.message);
});
document.createElement('codat-connections').addEventListener('codat-deleted', (event) => event.detail.connectionId.toUpperCase());
created.addEventListener('codat-refreshed', (event) => {
  const typed: Equal<typeof event, CodatRefreshedEvent> = true;
  const datasets: readonly DatasetView[] | undefined = event.detail.connection.datasets;
  const states: Array<DatasetState | undefined> = (datasets ?? []).map((dataset) => dataset.state);
  console.log(typed, states, created.staleAfter.toUpperCase());
});
