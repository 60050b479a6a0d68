/**
 * Wraps a log sink so that no line can carry a secret, raw, base64- or URI-encoded. `secrets` is
 * asked for each line, so secrets learnt later (an upstream access token) are covered too.
 */
export function redacting(sink: (line: string) => void, secrets: () => readonly string[]): (line: string) => void {
  return (line) => {
    let safe = line;
    for (const secret of secrets()) {
      if (secret === '') continue;
      for (const form of [secret, base64(secret), encodeURIComponent(secret)]) safe = safe.split(form).join('[redacted]');
    }
    sink(safe);
  };
}

/** Base64 of the text's UTF-8 bytes (`btoa` alone throws beyond Latin-1). */
export function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
