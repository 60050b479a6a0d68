import { Webhook } from 'standardwebhooks';

/** The webhook signing secret the tests' handlers are given: Codat's `whsec_` form. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('test-webhook-signing-key-0123456789').toString('base64')}`;

/** A connection event as Codat sends it (the OpenAPI's `ConnectionWebhook`), for `companyId`'s `connectionId`. */
export function connectionEvent(eventType: string, companyId: string, connectionId: string, status = 'Linked', id = crypto.randomUUID()) {
  return {
    id,
    eventType,
    generatedDate: new Date().toISOString(),
    payload: {
      referenceCompany: { id: companyId, name: 'Test company', links: { portal: `https://app.codat.io/companies/${companyId}/summary` } },
      connection: {
        id: connectionId,
        integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
        integrationKey: 'gbol',
        sourceId: 'bdd831ce-eebd-4896-89a7-20e5ee8989ee',
        platformName: 'Xero',
        linkUrl: `https://link-api.codat.io/companies/${companyId}/connections/${connectionId}/start`,
        status,
        created: '2022-10-27T09:53:29Z',
        sourceType: 'Accounting',
      },
    },
  };
}

/** A `read.completed` event reading `connectionIds`' invoices. */
export function readEvent(eventType: 'read.completed' | 'read.completed.initial', companyId: string, connectionIds: string[], id = crypto.randomUUID()) {
  return {
    id,
    eventType,
    generatedDate: new Date().toISOString(),
    payload: {
      referenceCompany: { id: companyId, name: 'Test company' },
      modifiedFromDate: new Date().toISOString(),
      dataTypes: connectionIds.map((connectionId) => ({ connectionId, dataType: 'invoices', recordsModified: true, status: 'Complete', issues: [] })),
    },
  };
}

/** The headers and body of a delivery signed as Codat signs it (Standard Webhooks), at `at`. */
export function signed(event: { id: string }, { secret = WEBHOOK_SECRET, at = new Date(), id = event.id } = {}) {
  const body = JSON.stringify(event);
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  };
}
