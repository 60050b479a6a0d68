import type { RateLimitOptions } from './types.js';

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 1000, windowSeconds: 60 };

export interface RateLimitVerdict {
  allowed: boolean;
  /** `X-Rate-Limit-*` headers (and `Retry-After` when refused). */
  headers: Record<string, string>;
}

/**
 * A fixed-window counter per API key. `X-Rate-Limit-Reset` is the UTC time the window ends, as
 * Codat documents it; `Retry-After` is the whole seconds until then.
 */
export function createRateLimiter(options: RateLimitOptions, now: () => Date) {
  if (!(Number.isInteger(options.limit) && options.limit > 0 && options.windowSeconds > 0)) {
    throw new TypeError('createEmulator: rateLimit needs a positive integer limit and positive windowSeconds');
  }
  const windows = new Map<string, { endsAt: number; used: number }>();
  const windowMs = options.windowSeconds * 1000;

  return {
    take(key: string): RateLimitVerdict {
      const time = now().getTime();
      let window = windows.get(key);
      if (!window || window.endsAt <= time) {
        // Forget finished windows so that many keys do not accumulate.
        for (const [other, old] of windows) if (old.endsAt <= time) windows.delete(other);
        window = { endsAt: time + windowMs, used: 0 };
        windows.set(key, window);
      }
      const allowed = window.used < options.limit;
      if (allowed) window.used += 1;
      const headers: Record<string, string> = {
        'X-Rate-Limit-Limit': String(options.limit),
        'X-Rate-Limit-Remaining': String(options.limit - window.used),
        'X-Rate-Limit-Reset': new Date(window.endsAt).toISOString(),
      };
      if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((window.endsAt - time) / 1000)));
      return { allowed, headers };
    },
    clear(): void {
      windows.clear();
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
