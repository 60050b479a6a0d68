import { watch } from '@codat-connections/core/watch';
import type { SourceChange } from '../source.js';
import type { CodatWatchOptions } from './source.js';

/** Codat's changes, as the backend's event stream tells them (`@codat-connections/core/watch`), in the element's terms. */
export async function* codatChanges(options: CodatWatchOptions, signal: AbortSignal): AsyncGenerator<SourceChange> {
  for await (const event of watch({ ...options, signal })) {
    if (event.type === 'notice') {
      const { kind, connectionId } = event.notice;
      yield { type: 'notice', kind, ...(connectionId && { connectionId }) };
    } else {
      yield { type: event.type };
    }
  }
}
