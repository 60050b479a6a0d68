// A component using `<codat-connections>` under CUSTOM_ELEMENTS_SCHEMA types its bindings and handlers
// with the `./angular` entry's names.
import type { CodatConnectionsEvent, CodatConnectionsInputs } from '@codat-connections/widget/angular';

export const inputs: CodatConnectionsInputs = { tokenUrl: '/api/codat/token', theme: 'dark', pageSize: 20 };
export const onLinked = (event: CodatConnectionsEvent<'codat-linked'>): string => event.detail.connection.id;
export const onError = (event: CodatConnectionsEvent<'codat-error'>): string => event.detail.error.message;
