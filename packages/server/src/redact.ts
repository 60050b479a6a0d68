/**
 * Wraps a log sink so that no line can carry a secret, raw, base64- or URI-encoded. `secrets` is
 * asked for each line, so secrets learnt later (an upstream access token) are covered too.
 */
export function redacting(sink: (line: string) => void, secrets: () => readonly string[]): (line: string) => void {
  return (line) => sink(scrub(line, secrets()));
}

/** `text` with every secret, raw, base64- or URI-encoded, replaced by `[redacted]`. */
export function scrub(text: string, secrets: readonly string[]): string {
  return redact(text, secretForms(secrets));
}

/**
 * Every form of `secrets` a text may carry: each raw, base64- and URI-encoded, once, longest first
 * (so that a header value is taken out whole before the credential inside it). For a caller that
 * scrubs many texts of the same secrets: work them out once, then {@link redact} each text.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set(secrets.filter((secret) => secret !== '').flatMap((secret) => [secret, base64(secret), encodeURIComponent(secret)]));
  return [...forms].sort((a, b) => b.length - a.length);
}

/** `text` with each of `forms` replaced by `[redacted]`; `text` itself when it holds none. */
export function redact(text: string, forms: readonly string[]): string {
  let safe = text;
  for (const form of forms) if (safe.includes(form)) safe = safe.replaceAll(form, '[redacted]');
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
