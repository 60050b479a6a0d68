// A re-sent unlink or delete (its first answer lost, or the user asking twice) finds the connection
// already in the state it asks for, and Codat refuses it: 400 for an unlink of a connection that is
// not Linked, 404 for a delete of one that is gone. The handler answers success then, as an
// idempotent operation would, but only once a read of the connection says so: never by guessing
// from the refusal alone.

/**
 * Codat's answer to reading the connection after a refused unlink (as `forward` returned it):
 * the connection, 200, when it is Unlinked; `undefined` otherwise, so the refusal stands.
 */
export async function unlinkedConnection(read: Response): Promise<Response | undefined> {
  if (read.status !== 200) return undefined;
  let connection: unknown;
  try {
    connection = JSON.parse(await read.text());
  } catch {
    return undefined;
  }
  const unlinked = typeof connection === 'object' && connection !== null && (connection as Record<string, unknown>)['status'] === 'Unlinked';
  return unlinked ? new Response(JSON.stringify(connection), { status: 200, headers: read.headers }) : undefined;
}

/**
 * Codat's answer to reading the connection after a delete it answered 404: Codat's delete answer
 * (200, no body) when the read finds no such connection either; `undefined` otherwise.
 */
export function deletedConnection(read: Response): Response | undefined {
  if (read.status !== 404) return undefined;
  const headers = new Headers(read.headers);
  headers.delete('Content-Type');
  return new Response(null, { status: 200, headers });
}
