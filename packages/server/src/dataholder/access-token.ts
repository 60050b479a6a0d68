/** An access token as the token endpoint answered it. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
}

export interface AccessTokens {
  /** The current access token: the one held while it is fresh, else one fetched (once, however many requests wait for it). */
  get(): Promise<string>;
  /** Forgets `token` after the platform refused it, unless another has replaced it already. */
  refused(token: string): void;
  /** The tokens held now and just before, which may still be in use (to keep them out of log lines). */
  held(): string[];
}

/** The margin before expiry at which a token is replaced: a minute, or half its lifetime when that is shorter. */
const refreshMargin = (lifetime: number): number => Math.min(60_000, lifetime / 2);

/**
 * The platform's OAuth access token, fetched lazily by `fetchToken`, shared by concurrent requests
 * and kept until shortly before it expires. A failed fetch is not kept: the next request tries again.
 */
export function createAccessTokens(fetchToken: () => Promise<IssuedToken>, now: () => number = Date.now): AccessTokens {
  let current: { token: string; replaceAt: number } | undefined;
  let previous: string | undefined;
  let fetching: Promise<string> | undefined;

  const fetchFresh = async (): Promise<string> => {
    const { accessToken, expiresIn } = await fetchToken();
    const lifetime = expiresIn * 1000;
    previous = current?.token ?? previous;
    current = { token: accessToken, replaceAt: now() + lifetime - refreshMargin(lifetime) };
    return accessToken;
  };

  return {
    async get() {
      if (current && now() < current.replaceAt) return current.token;
      fetching ??= fetchFresh().finally(() => (fetching = undefined));
      return fetching;
    },
    refused(token) {
      if (current?.token !== token) return;
      previous = token;
      current = undefined;
    },
    held: () => [current?.token, previous].filter((token): token is string => token !== undefined),
  };
}
