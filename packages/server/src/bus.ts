/** Codat's event types the receiver turns into notices: what to subscribe the consumer to. */
export const WEBHOOK_EVENT_TYPES = [
  'connection.created',
  'connection.connected',
  'connection.disconnected',
  'connection.reconnected',
  'connection.failed',
  'connection.deleted',
  'read.completed',
  'read.completed.initial',
] as const;

/** The kinds of change a notice tells of. */
export type NoticeKind = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * What a browser is told of a change: what to read again, never the event's payload. The page
 * reads the truth through the scoped routes that already authorize it.
 */
export interface Notice {
  /** The company the change is in (set by the Codat receiver). */
  companyId?: string;
  /** The dataholder user the change is for (set by a partner publishing for the dataholder handler). */
  userId?: string;
  /** The connection that changed, when the event names exactly one. */
  connectionId?: string;
  kind: NoticeKind | (string & {});
  /** The event's `webhook-id`: the same event delivered twice has the same id. */
  eventId: string;
  /** When the change happened, as the event says (ISO 8601). */
  at: string;
}

/** A company's topic, `company:<id>`, or a dataholder user's, `user:<id>`: what a stream listens to. */
export type Topic = `company:${string}` | `user:${string}`;

export type NoticeListener = (notice: Notice) => void;

/**
 * Carries notices from the instance that received a webhook to every instance with a stream open
 * for its company (or user), and remembers which webhooks were handled. `createMemoryBus` is one
 * instance's; `createRedisBus` (`@codat-connections/server/redis`) spans several.
 */
export interface Bus {
  /** Sends `notice` to every listener of `topic`; rejects when it cannot (the receiver then answers 5xx). */
  publish(topic: Topic, notice: Notice): Promise<void>;
  /** Listens to `topic`; resolves once notices published from now on reach `listener`, with the function that stops listening. */
  subscribe(topic: Topic, listener: NoticeListener): Promise<() => void>;
  /**
   * Records `value` under `key` for `ttlSeconds` unless something is recorded there already.
   * Answers what was recorded before, or `undefined` when this call recorded it.
   */
  remember(key: string, value: string, ttlSeconds: number): Promise<string | undefined>;
  /** Drops what `key` holds, so a delivery that could not be published is taken again when retried. */
  forget(key: string): Promise<void>;
  /** Topics listened to and listeners, on this instance: what monitoring (and the leak tests) read. */
  stats(): { topics: number; listeners: number };
  close(): Promise<void>;
}

/**
 * One instance's listeners by topic. Every listener is called on its own, so one that throws does
 * not keep a notice from the rest.
 */
export function createFanout(onError: (error: unknown) => void = () => undefined) {
  const topics = new Map<string, Set<NoticeListener>>();
  return {
    /** Adds `listener`; answers whether it is the topic's first (the topic must be subscribed to). */
    add(topic: string, listener: NoticeListener): boolean {
      let listeners = topics.get(topic);
      const first = !listeners;
      if (!listeners) topics.set(topic, (listeners = new Set()));
      listeners.add(listener);
      return first;
    },
    /** Removes `listener`; answers whether the topic has none left (it may be unsubscribed from). */
    remove(topic: string, listener: NoticeListener): boolean {
      const listeners = topics.get(topic);
      if (!listeners?.delete(listener)) return false;
      if (listeners.size > 0) return false;
      topics.delete(topic);
      return true;
    },
    has: (topic: string) => topics.has(topic),
    emit(topic: string, notice: Notice): void {
      for (const listener of topics.get(topic) ?? []) {
        try {
          listener(notice);
        } catch (error) {
          onError(error);
        }
      }
    },
    stats() {
      let listeners = 0;
      for (const set of topics.values()) listeners += set.size;
      return { topics: topics.size, listeners };
    },
  };
}

/**
 * The bus of one instance, the default: no setup, nothing shared. Notices reach the listeners on a
 * later turn of the event loop, so the receiver answers the webhook before any stream is written.
 * At most `capacity` remembered keys are kept; past it the oldest go first.
 */
export function createMemoryBus({ capacity = 100_000 }: { capacity?: number } = {}): Bus {
  const fanout = createFanout();
  const remembered = new Map<string, { value: string; expiresAt: number }>();
  return {
    async publish(topic, notice) {
      if (!fanout.has(topic)) return;
      setTimeout(() => fanout.emit(topic, notice), 0);
    },
    async subscribe(topic, listener) {
      fanout.add(topic, listener);
      return () => void fanout.remove(topic, listener);
    },
    async remember(key, value, ttlSeconds) {
      const now = Date.now();
      const known = remembered.get(key);
      if (known && known.expiresAt > now) return known.value;
      remembered.delete(key);
      if (remembered.size >= capacity) {
        for (const [old, entry] of remembered) if (entry.expiresAt <= now) remembered.delete(old);
        if (remembered.size >= capacity) remembered.delete(remembered.keys().next().value!);
      }
      remembered.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
      return undefined;
    },
    async forget(key) {
      remembered.delete(key);
    },
    stats: () => fanout.stats(),
    async close() {},
  };
}
