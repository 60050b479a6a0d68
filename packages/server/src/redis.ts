// `@codat-connections/server/redis`: the bus for several instances, in its own entry so that a
// handler on one instance never loads the Redis client.
import { createClient, type RedisClientOptions } from 'redis';
import { createFanout, type Bus, type Notice } from './bus.js';

export interface RedisBusOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379` (default: node-redis's, `redis://localhost:6379`). */
  url?: string;
  /** Further node-redis client options (TLS, credentials); `url` and the options above win. */
  client?: Omit<RedisClientOptions, 'url'>;
  /** Put before every channel and key, so several deployments can share one Redis (default `codat-connections:`). */
  prefix?: string;
  /** Receives a line when Redis is lost or comes back (default `console.warn`). */
  log?: (line: string) => void;
}

/**
 * The bus over Redis, for several instances behind a load balancer: a notice is published on its
 * topic's channel and reaches every instance with a stream open for that company (or user); the
 * `webhook-id`s handled are keys with a time to live, so a delivery retried to another instance is
 * still a duplicate. An instance subscribes to a topic's channel while it has a stream open for it,
 * once however many streams it has. node-redis reconnects by itself and subscribes again to what it
 * listened to; while Redis is down, publishing fails at once (it is not queued), so the receiver
 * answers 5xx and Codat retries.
 */
export async function createRedisBus(options: RedisBusOptions = {}): Promise<Bus> {
  const { prefix = 'codat-connections:', log = (line: string) => console.warn(line) } = options;
  const client = createClient({
    ...options.client,
    ...(options.url !== undefined && { url: options.url }),
    disableOfflineQueue: true,
    socket: {
      ...options.client?.socket,
      // Quickly at first, then every 2 seconds, for as long as it takes.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
    },
  } as RedisClientOptions);
  const subscriber = client.duplicate();
  let reported = '';
  for (const [name, each] of [
    ['commands', client],
    ['subscriptions', subscriber],
  ] as const) {
    // Without a listener an error event would end the process; one line per outage, not per retry.
    each.on('error', (error: Error) => {
      if (reported !== error.message) log(`codat-connections-server: Redis (${name}): ${(reported = error.message)}`);
    });
    each.on('ready', () => {
      if (reported) log(`codat-connections-server: Redis (${name}) is back`);
      reported = '';
    });
  }
  await Promise.all([client.connect(), subscriber.connect()]);

  const fanout = createFanout((error) => log(`codat-connections-server: a stream's listener failed (${String(error)})`));
  const channel = (topic: string) => `${prefix}notice:${topic}`;
  const onMessage = (message: string, from: string) => {
    let notice: Notice;
    try {
      notice = JSON.parse(message) as Notice;
    } catch {
      return;
    }
    fanout.emit(from.slice(`${prefix}notice:`.length), notice);
  };
  /** Subscriptions being made or dropped, by topic, so a stream opening as the last one closes waits for the order Redis sees. */
  const pending = new Map<string, Promise<unknown>>();
  const after = (topic: string, next: () => Promise<unknown>) => {
    const run = (pending.get(topic) ?? Promise.resolve()).catch(() => undefined).then(next);
    pending.set(topic, run);
    void run.finally(() => pending.get(topic) === run && pending.delete(topic)).catch(() => undefined);
    return run;
  };

  return {
    async publish(topic, notice) {
      await client.publish(channel(topic), JSON.stringify(notice));
    },
    async subscribe(topic, listener) {
      if (fanout.add(topic, listener)) {
        try {
          await after(topic, () => subscriber.subscribe(channel(topic), onMessage));
        } catch (error) {
          fanout.remove(topic, listener);
          throw error;
        }
      } else {
        await pending.get(topic);
      }
      return () => {
        if (fanout.remove(topic, listener))
          void after(topic, () => (fanout.has(topic) ? Promise.resolve() : subscriber.unsubscribe(channel(topic)))).catch(() => undefined);
      };
    },
    async remember(key, value, ttlSeconds) {
      const stored = `${prefix}${key}`;
      if ((await client.set(stored, value, { condition: 'NX', expiration: { type: 'EX', value: ttlSeconds } })) === 'OK') return undefined;
      return (await client.get(stored)) ?? undefined;
    },
    async forget(key) {
      await client.del(`${prefix}${key}`);
    },
    stats: () => fanout.stats(),
    async close() {
      await Promise.allSettled([client.close(), subscriber.close()]);
    },
  };
}
