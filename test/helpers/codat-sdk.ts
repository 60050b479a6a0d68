// Reads an answer the way a partner's code would through Codat's own TypeScript SDK
// (@codat/platform): the SDK's operation function is called with a fetch that hands back the given
// response, so its own matchers and zod schemas decide whether it can read the answer.
import { CodatPlatformCore } from '@codat/platform/core.js';
import { HTTPClient } from '@codat/platform/lib/http.js';
import { companiesGet } from '@codat/platform/funcs/companiesGet.js';
import { companiesList } from '@codat/platform/funcs/companiesList.js';
import { connectionsCreate } from '@codat/platform/funcs/connectionsCreate.js';
import { connectionsDelete } from '@codat/platform/funcs/connectionsDelete.js';
import { connectionsGet } from '@codat/platform/funcs/connectionsGet.js';
import { connectionsList } from '@codat/platform/funcs/connectionsList.js';
import { connectionsUnlink } from '@codat/platform/funcs/connectionsUnlink.js';
import { integrationsGet } from '@codat/platform/funcs/integrationsGet.js';
import { integrationsGetBranding } from '@codat/platform/funcs/integrationsGetBranding.js';
import { integrationsList } from '@codat/platform/funcs/integrationsList.js';
import { refreshDataAll } from '@codat/platform/funcs/refreshDataAll.js';
import { refreshDataGet } from '@codat/platform/funcs/refreshDataGet.js';
import { refreshDataGetPullOperation } from '@codat/platform/funcs/refreshDataGetPullOperation.js';
import { refreshDataListPullOperations } from '@codat/platform/funcs/refreshDataListPullOperations.js';
import { webhooksCreateConsumer } from '@codat/platform/funcs/webhooksCreateConsumer.js';
import { webhooksDeleteConsumer } from '@codat/platform/funcs/webhooksDeleteConsumer.js';
import { webhooksListConsumers } from '@codat/platform/funcs/webhooksListConsumers.js';
import { connectionWebhookFromJSON } from '@codat/platform/sdk/models/shared/connectionwebhook.js';
import { readCompletedWebhookFromJSON } from '@codat/platform/sdk/models/shared/readcompletedwebhook.js';
import { CodatPlatformError } from '@codat/platform/sdk/models/errors/codatplatformerror.js';
import { ErrorMessage } from '@codat/platform/sdk/models/errors/errormessage.js';
import { ResponseValidationError } from '@codat/platform/sdk/models/errors/responsevalidationerror.js';
import { SDKValidationError } from '@codat/platform/sdk/models/errors/sdkvalidationerror.js';

// The request each function builds is never sent: these ids only have to pass the SDK's own checks.
const companyId = '00000000-0000-4000-8000-000000000001';
const connectionId = '00000000-0000-4000-8000-000000000002';
const datasetId = '00000000-0000-4000-8000-000000000003';
const platformKey = 'gbol';
const webhookId = '00000000-0000-4000-8000-000000000004';

type Call = (client: CodatPlatformCore) => Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;

/** Each operation the emulator answers, as the SDK calls it. */
const operations: Record<string, Call> = {
  'list-connections': (client) => connectionsList(client, { companyId }),
  'create-connection': (client) => connectionsCreate(client, { companyId, requestBody: { platformKey } }),
  'get-connection': (client) => connectionsGet(client, { companyId, connectionId }),
  'unlink-connection': (client) => connectionsUnlink(client, { companyId, connectionId, updateConnectionStatus: { status: 'Unlinked' } }),
  'delete-connection': (client) => connectionsDelete(client, { companyId, connectionId }),
  'list-integrations': (client) => integrationsList(client, {}),
  'get-integration': (client) => integrationsGet(client, { platformKey }),
  'get-integrations-branding': (client) => integrationsGetBranding(client, { platformKey }),
  'list-companies': (client) => companiesList(client, {}),
  'get-company': (client) => companiesGet(client, { companyId }),
  'get-company-data-status': (client) => refreshDataGet(client, { companyId }),
  'list-pull-operations': (client) => refreshDataListPullOperations(client, { companyId }),
  'get-pull-operation': (client) => refreshDataGetPullOperation(client, { companyId, datasetId }),
  'refresh-company-data': (client) => refreshDataAll(client, { companyId }),
  'create-webhook-consumer': (client) => webhooksCreateConsumer(client, { url: 'https://example.com/webhooks', eventTypes: ['connection.created'] }),
  'list-webhook-consumers': (client) => webhooksListConsumers(client),
  'delete-webhook-consumer': (client) => webhooksDeleteConsumer(client, { webhookId }),
};

export type SdkReading =
  /** The SDK read a success answer into its model. */
  | { kind: 'value'; value: unknown }
  /** The SDK read an error answer into its `ErrorMessage` error, as it does for the statuses it declares. */
  | { kind: 'error-message'; error: ErrorMessage }
  /** The SDK did not parse the body (a status it does not declare) and gave its generic HTTP error. */
  | { kind: 'http-error'; error: CodatPlatformError }
  /** The SDK refused the answer: its schema does not accept the body. */
  | { kind: 'refused'; message: string };

/** Reads `response` with Codat's SDK as the answer to `operationId` (an OpenAPI operation id). */
export async function readWithCodatSdk(operationId: string, response: Response): Promise<SdkReading> {
  const operation = operations[operationId];
  if (!operation) throw new Error(`no SDK function for ${operationId}`);
  const client = new CodatPlatformCore({
    authHeader: 'Basic unused',
    serverURL: 'http://emulator.invalid',
    retryConfig: { strategy: 'none' },
    httpClient: new HTTPClient({ fetcher: async () => response }),
  });
  const result = await operation(client);
  if (result.ok) return { kind: 'value', value: result.value };
  const { error } = result;
  if (error instanceof ResponseValidationError) return { kind: 'refused', message: error.pretty() };
  if (error instanceof SDKValidationError) return { kind: 'refused', message: error.pretty() };
  if (error instanceof ErrorMessage) return { kind: 'error-message', error };
  if (error instanceof CodatPlatformError) return { kind: 'http-error', error };
  throw error;
}

/** The SDK's model of each webhook event type the receiver takes, as Codat's description names it. */
const webhookModels: Array<[RegExp, (json: string) => { ok: true; value: unknown } | { ok: false; error: SDKValidationError }]> = [
  [/^connection\./, connectionWebhookFromJSON],
  [/^read\.completed(\.initial)?$/, readCompletedWebhookFromJSON],
];

/** Reads a webhook's body with the SDK's model for its event type, as a receiver written with the SDK would. */
export function readWebhookWithCodatSdk(body: string): SdkReading {
  const { eventType } = JSON.parse(body) as { eventType: string };
  const model = webhookModels.find(([types]) => types.test(eventType))?.[1];
  if (!model) throw new Error(`no SDK model for the webhook event type ${eventType}`);
  const result = model(body);
  return result.ok ? { kind: 'value', value: result.value } : { kind: 'refused', message: result.error.pretty() };
}
