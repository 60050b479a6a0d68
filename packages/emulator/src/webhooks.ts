import { CodatError } from './errors.js';

/** Codat's event types the emulator sends. */
export type WebhookEventType =
  | 'connection.created'
  | 'connection.connected'
  | 'connection.disconnected'
  | 'connection.reconnected'
  | 'connection.failed'
  | 'connection.deleted'
  | 'read.completed'
  | 'read.completed.initial';

/** Codat `WebhookConsumer`. */
export interface WebhookConsumer {
  id: string;
  url: string;
  disabled: boolean;
  eventTypes: string[];
  companyTags?: string[];
}

/** One event as Codat sends it: `ConnectionWebhook` or `ReadCompletedWebhook`. */
export interface WebhookEvent {
  id: string;
  eventType: WebhookEventType;
  generatedDate: string;
  payload: Record<string, unknown>;
}

/** One attempt to deliver an event to a consumer, as the emulator recorded it. */
export interface WebhookAttempt {
  consumerId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** 1 for the first attempt. */
  attempt: number;
  /** The consumer's status, 0 when there was no answer, `'dropped'` when a fault kept it from being sent. */
  status: number | 'dropped';
}

/**
 * Faults in delivery, as Codat's own may show them. Counts apply to the next N events (`true`:
 * every event until cleared).
 */
export interface WebhookFaults {
  /** Deliver each event twice: the same event again, signed anew, after the first was taken. */
  duplicate?: number | boolean;
  /** Hold each event back until the next one has been delivered (`delay` milliseconds at most). */
  outOfOrder?: number | boolean;
  /** Milliseconds (scaled by `timeScale`) before each first attempt. */
  delay?: number;
  /** Drop each event's first attempt, as a network would: it arrives on the retry. */
  dropFirstAttempt?: number | boolean;
}

export interface WebhookOptions {
  /** Signs every delivery (Standard Webhooks, as Codat signs): `whsec_` and base64. */
  secret: string;
  /** Milliseconds before each retry after a failed attempt: Codat's schedule unless given. */
  schedule?: readonly number[];
  /** Multiplies every wait (the schedule, `delay`), so a test runs Codat's schedule in milliseconds. Default 1. */
  timeScale?: number;
  /** Milliseconds a consumer has to answer 2xx (default 15 000, as Codat). */
  timeout?: number;
  fetch?: typeof fetch;
}

/** Codat's documented retry schedule: immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. */
export const CODAT_RETRY_SCHEDULE: readonly number[] = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

const count = (value: number | boolean | undefined): number => (value === true ? Infinity : typeof value === 'number' && value > 0 ? Math.floor(value) : 0);

/** Checks webhook faults from code or from the admin route; throws a TypeError naming the problem. */
export function checkWebhookFaults(input: unknown): WebhookFaults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('webhook faults must be an object');
  const faults = input as Record<string, unknown>;
  for (const [name, value] of Object.entries(faults)) {
    if (name === 'delay') {
      if (!(typeof value === 'number' && value >= 0 && value <= 3_600_000)) throw new TypeError('delay must be milliseconds from 0 to 3600000');
    } else if (['duplicate', 'outOfOrder', 'dropFirstAttempt'].includes(name)) {
      if (typeof value !== 'boolean' && !(typeof value === 'number' && Number.isInteger(value) && value >= 0))
        throw new TypeError(`${name} must be a boolean or an event count`);
    } else {
      throw new TypeError(`unknown webhook fault "${name}"`);
    }
  }
  return faults as WebhookFaults;
}

/** Base64 of bytes, in any runtime. */
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/**
 * Codat's webhooks: the consumers registered through the API, and the delivery of each event to
 * every consumer subscribed to its type, signed, retried on Codat's schedule until a 2xx, with the
 * faults asked for. Deliveries run on timers, never inside the API request that caused them.
 */
export function createWebhooks(options: WebhookOptions) {
  const { schedule = CODAT_RETRY_SCHEDULE, timeScale = 1, timeout = 15_000 } = options;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  if (!/^whsec_[A-Za-z0-9+/]+=*$/.test(options.secret)) throw new TypeError('createEmulator: webhookSecret must be "whsec_" and base64');
  const key = crypto.subtle.importKey(
    'raw',
    Uint8Array.from(atob(options.secret.slice('whsec_'.length)), (char) => char.charCodeAt(0)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );

  let consumers = new Map<string, WebhookConsumer>();
  let faults = { duplicate: 0, outOfOrder: 0, dropFirstAttempt: 0, delay: 0 };
  let held: (() => void) | undefined;
  const attempts: WebhookAttempt[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms * timeScale);
    // A retry hours away must not keep a process (a test, a script) alive: the server it runs in does.
    (timer as { unref?: () => void }).unref?.();
    timers.add(timer);
  };

  /** The headers of a delivery signed now: the HMAC-SHA256 of `id.timestamp.body`. */
  async function sign(id: string, body: string): Promise<Record<string, string>> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const mac = await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
    return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${base64(new Uint8Array(mac))}` };
  }

  /** One attempt; on anything but a 2xx the next is scheduled, until the schedule runs out. */
  async function attempt(consumer: WebhookConsumer, event: WebhookEvent, number: number, drop: boolean, onTaken: () => void): Promise<void> {
    if (!consumers.has(consumer.id)) return;
    let status: WebhookAttempt['status'] = 'dropped';
    if (!drop) {
      const body = JSON.stringify(event);
      try {
        const response = await send(consumer.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'Codat-Emulator-Webhooks', ...(await sign(event.id, body)) },
          body,
          signal: AbortSignal.timeout(timeout),
        });
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = 0;
      }
    }
    attempts.push({ consumerId: consumer.id, eventId: event.id, eventType: event.eventType, attempt: number, status });
    if (typeof status === 'number' && status >= 200 && status < 300) return onTaken();
    // Attempt n failed: the n-th step of the schedule says when the next one goes.
    const wait = schedule[number - 1];
    if (wait !== undefined) later(wait, () => void attempt(consumer, event, number + 1, false, onTaken));
  }

  const take = (name: 'duplicate' | 'outOfOrder' | 'dropFirstAttempt') => {
    if (faults[name] <= 0) return false;
    faults[name] -= 1;
    return true;
  };

  return {
    list: () => ({ results: [...consumers.values()].map((consumer) => ({ ...consumer })) }),
    create(body: Record<string, unknown>, id: string): WebhookConsumer {
      const { url, eventTypes, disabled, companyTags } = body;
      if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw new CodatError(400, 'Error processing request - url must be an http(s) URL.');
      }
      if (!Array.isArray(eventTypes) || eventTypes.length === 0 || !eventTypes.every((type) => typeof type === 'string')) {
        throw new CodatError(400, 'Error processing request - eventTypes must name at least one event type.');
      }
      if (disabled !== undefined && disabled !== null && typeof disabled !== 'boolean')
        throw new CodatError(400, 'Error processing request - disabled must be a boolean.');
      if (companyTags !== undefined && companyTags !== null && !(Array.isArray(companyTags) && companyTags.every((tag) => typeof tag === 'string'))) {
        throw new CodatError(400, 'Error processing request - companyTags must be strings.');
      }
      const consumer: WebhookConsumer = {
        id,
        url,
        disabled: disabled === true,
        eventTypes: [...eventTypes],
        ...(companyTags ? { companyTags: [...companyTags] } : {}),
      };
      consumers.set(id, consumer);
      return { ...consumer };
    },
    remove: (id: string): boolean => consumers.delete(id),

    /** Sends `event` to every consumer subscribed to its type (a company with no tags matches only consumers without tags). */
    emit(event: WebhookEvent): void {
      const targets = [...consumers.values()].filter(
        (consumer) => !consumer.disabled && consumer.eventTypes.includes(event.eventType) && !consumer.companyTags?.length,
      );
      if (targets.length === 0) return;
      const duplicate = take('duplicate');
      const drop = take('dropFirstAttempt');
      const deliver = () => {
        for (const consumer of targets) {
          void attempt(consumer, event, 1, drop, () => {
            if (duplicate) void attempt(consumer, event, 1, false, () => undefined);
          });
        }
      };
      const previous = held;
      held = undefined;
      if (take('outOfOrder')) {
        // Sent after the next event, or after `delay` (at least a second of real time) when none comes.
        let sent = false;
        held = () => {
          if (!sent) later(0, deliver);
          sent = true;
        };
        const release = held;
        later(Math.max(faults.delay, 1000 / timeScale), () => {
          if (held === release) held = undefined;
          release();
        });
      } else {
        later(faults.delay, deliver);
      }
      if (previous) later(faults.delay, previous);
    },

    setFaults(next: WebhookFaults): void {
      const checked = checkWebhookFaults(next);
      faults = {
        duplicate: count(checked.duplicate),
        outOfOrder: count(checked.outOfOrder),
        dropFirstAttempt: count(checked.dropFirstAttempt),
        delay: checked.delay ?? 0,
      };
    },
    /** Whether any consumer is registered: without one, nothing is scheduled. */
    listening: () => consumers.size > 0,
    /** Runs `run` after `ms` (scaled as the rest); cleared by `reset`. */
    after: (ms: number, run: () => void) => later(ms / timeScale, run),
    /** Every attempt so far, in order. */
    attempts: (): readonly WebhookAttempt[] => attempts,
    reset(): void {
      consumers = new Map();
      faults = { duplicate: 0, outOfOrder: 0, dropFirstAttempt: 0, delay: 0 };
      held = undefined;
      attempts.length = 0;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
