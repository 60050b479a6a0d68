import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { readLimited } from './bytes.js';
import { WEBHOOK_EVENT_TYPES, type Bus, type Notice, type NoticeKind } from './bus.js';
import { baseHeaders, HandlerError } from './errors.js';
import { isUuid } from './validation.js';

/** Codat's event types that become notices; any other type is acknowledged and dropped. */
const NOTICE_KINDS: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

/**
 * How long a handled `webhook-id` is remembered: longer than Codat's retry schedule (the last retry
 * comes about 28 hours after the first attempt), so a late retry of a handled event is still a duplicate.
 */
export const DEDUP_SECONDS = 48 * 60 * 60;

export interface ReceiverOptions {
  /** The endpoint's `whsec_…` signing secret. */
  secret: string;
  bus: Bus;
  /** The most bytes of a body read; a longer one is refused 413 (default 256 KiB). */
  bodyLimit: number;
  log: (line: string) => void;
}

/** Checks the webhook secret option, so a mistake shows when the handler is created, not on Codat's first delivery. */
export function checkWebhookSecret(secret: unknown, caller: string): string {
  const problem = `${caller}: \`webhookSecret\` must be the endpoint's signing secret, "whsec_" and base64`;
  if (typeof secret !== 'string' || !/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(secret)) throw new TypeError(problem);
  return secret;
}

const unsigned = (message: string) => new HandlerError(401, message, { canBeRetried: false });

/**
 * The route Codat delivers webhooks to. A delivery is checked (Standard Webhooks: the HMAC of
 * `id.timestamp.body` over the raw bytes, a timestamp within 5 minutes) before anything is read of
 * it; a known event becomes a {@link Notice} on its company's topic. The answer waits only for the
 * bus to take the notice: streams are written after it.
 */
export function webhookReceiver({ secret, bus, bodyLimit, log }: ReceiverOptions): (request: Request) => Promise<Response> {
  const verifier = new Webhook(secret);
  const received = () => new Response(null, { status: 200, headers: baseHeaders });
  return async (request) => {
    const declared = Number(request.headers.get('Content-Length') ?? 0);
    if (declared > bodyLimit) throw new HandlerError(413, `Webhook body over ${bodyLimit} bytes`, { canBeRetried: false });
    const body = await readLimited(request.body, bodyLimit);
    if (!body) throw new HandlerError(413, `Webhook body over ${bodyLimit} bytes`, { canBeRetried: false });

    const id = request.headers.get('webhook-id');
    const timestamp = request.headers.get('webhook-timestamp');
    const signature = request.headers.get('webhook-signature');
    if (!id || !timestamp || !signature) throw unsigned('Webhook is not signed');
    try {
      verifier.verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw unsigned(`Webhook refused: ${error.message}`);
      throw error;
    }

    let event: unknown;
    try {
      event = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new HandlerError(400, 'Webhook body is not JSON', { canBeRetried: false });
    }
    const notice = toNotice(event, id);
    if (!notice) return received();

    // Codat delivers an event more than once (a retry after an answer it did not get, a duplicate):
    // the first delivery of an id is published, any later one only acknowledged. A delivery captured
    // and sent again is one of these within the 5 minutes its signature is good for, and refused after.
    const key = `webhook:${id}`;
    let earlier: string | undefined;
    try {
      earlier = await bus.remember(key, timestamp, DEDUP_SECONDS);
    } catch (error) {
      log(`codat-connections-server: the bus could not record webhook ${id} (${describe(error)}); answered 503 so Codat retries`);
      throw new HandlerError(503, 'Could not take the webhook now', { canBeRetried: true });
    }
    if (earlier !== undefined) return received();

    try {
      await bus.publish(`company:${notice.companyId}`, notice);
    } catch (error) {
      await bus.forget(key).catch(() => undefined);
      log(`codat-connections-server: the bus could not publish webhook ${id} (${describe(error)}); answered 503 so Codat retries`);
      throw new HandlerError(503, 'Could not take the webhook now', { canBeRetried: true });
    }
    return received();
  };
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

type Fields = { readonly [field: string]: unknown };
const fields = (value: unknown): Fields => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {});
const uuidOrUndefined = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value : undefined);

/**
 * The notice a verified event becomes, or `undefined` for an event type that is not one of
 * {@link WEBHOOK_EVENT_TYPES} or that names no company. Codat's body is trusted for its signature,
 * not its shape: every field is checked.
 */
export function toNotice(event: unknown, eventId: string): Notice | undefined {
  const { eventType, generatedDate, payload } = fields(event);
  const kind = eventType as NoticeKind;
  const body = fields(payload);
  const companyId = uuidOrUndefined(fields(body.referenceCompany).id) ?? uuidOrUndefined(body.companyId);
  if (!companyId) return undefined;
  let connectionId: string | undefined;
  if (!NOTICE_KINDS.has(kind)) return undefined;
  if (kind.startsWith('connection.')) {
    connectionId = uuidOrUndefined(fields(body.connection).id) ?? uuidOrUndefined(body.connectionId);
  } else {
    // A read may span several connections: the notice names one only when every data type is of the same one.
    const ids = new Set(Array.isArray(body.dataTypes) ? body.dataTypes.map((summary) => uuidOrUndefined(fields(summary).connectionId)) : []);
    connectionId = ids.size === 1 ? [...ids][0] : undefined;
  }
  const at = typeof generatedDate === 'string' && !Number.isNaN(Date.parse(generatedDate)) ? new Date(generatedDate).toISOString() : new Date().toISOString();
  return { companyId, ...(connectionId && { connectionId }), kind, eventId, at };
}
