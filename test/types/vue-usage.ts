// What a Vue 3 SFC template compiles to: `h('codat-connections', props)` with the props vue-tsc checks
// against `GlobalComponents` (the `./vue` entry adds the element there).
import type {} from '@codat-connections/widget/vue';
import type { CodatConnectionsVueProps } from '@codat-connections/widget/vue';
import { h, type GlobalComponents } from 'vue';

declare const tag: GlobalComponents['codat-connections'];

export const attributes = h(tag, { 'token-url': '/api/codat/token', theme: 'dark', 'link-mode': 'redirect', 'page-size': '20', 'no-confirm': true });
export const listeners = h(tag, {
  onCodatLinked: (event) => event.detail.connection.id,
  onCodatDeleted: (event) => event.detail.connectionId,
  onCodatError: (event) => event.detail.operation,
});
export const camelCase = h(tag, { tokenUrl: '/api/codat/token', pageSize: 20, noConfirm: true });
export const properties: CodatConnectionsVueProps = { tokenProvider: async () => ({ accessToken: 't', expiresIn: 600, companyId: 'c' }), strings: {} };
