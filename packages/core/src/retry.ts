import { abortable } from './errors.js';
import type { Operation } from './types.js';

/** Statuses worth another try for an idempotent operation. */
export const retryStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Longest wait a `Retry-After` may ask for before the client gives up waiting and fails. */
export const maxRetryAfter = 20_000;

/**
 * How long to wait before retry number `attempt` (0-based): what `Retry-After` says (seconds or
 * an HTTP date), capped, else exponential backoff from `base` with full jitter.
 */
export function retryDelay(attempt: number, retryAfter: string | null | undefined, base: number, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(wait)) return Math.min(Math.max(wait, 0), maxRetryAfter);
  }
  // Between half and all of base · 2^attempt.
  return base * 2 ** (attempt - 1) * (1 + Math.random());
}

/** Waits `ms`; an abort of `signal` rejects at once with `aborted` and clears the timer. */
export function sleep(ms: number, operation: Operation, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return abortable(operation, () => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}
