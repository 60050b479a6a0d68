import { abortable } from './errors.js';
import type { Operation } from './types.js';

/** Statuses worth another try for an idempotent operation. */
export const retryStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Longest wait a `Retry-After` may ask for before the client gives up waiting and fails. */
export const maxRetryAfter = 20_000;

/**
 * The seconds a `Retry-After` header asks to wait: its seconds, or its HTTP date's distance from
 * `now`, rounded up and never negative; undefined without a header or when it cannot be read.
 */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const wait = Number.isFinite(seconds) ? seconds : (Date.parse(header) - now) / 1000;
  return Number.isFinite(wait) ? Math.max(Math.ceil(wait), 0) : undefined;
}

/**
 * How long to wait before retry number `attempt` (0-based): the `retryAfter` seconds of the failed
 * response, capped, else exponential backoff from `base` with full jitter.
 */
export function retryDelay(attempt: number, retryAfter: number | undefined, base: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter * 1000, maxRetryAfter);
  // Between half and all of base · 2^attempt.
  return base * 2 ** (attempt - 1) * (1 + Math.random());
}

/** Waits `ms`; an abort of `signal` rejects at once with `aborted` and clears the timer. */
export function sleep(ms: number, operation: Operation, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return abortable(operation, () => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}
