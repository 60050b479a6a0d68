/**
 * Wraps a log sink so that no line can carry a secret, raw, base64- or URI-encoded. `secrets` is
 * asked for each line, so secrets learnt later (an upstream access token) are covered too.
 */
export function redacting(sink: (line: string) => void, secrets: () => readonly string[]): (line: string) => void {
  return (line) => sink(scrub(line, secrets()));
}

/** `text` with every secret, raw, base64- or URI-encoded, replaced by `[redacted]`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of [secret, base64(secret), encodeURIComponent(secret)]) safe = safe.split(form).join('[redacted]');
  }
  return safe;
}

/** Base64 of the text's UTF-8 bytes (`btoa` alone throws beyond Latin-1). */
export function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** The UTF-8 text of a base64 string ('' when it is not base64). */
export function decodeBase64(encoded: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
  } catch {
    return '';
  }
}
