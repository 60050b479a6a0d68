// Following changes made elsewhere (features/live.ts), against a source held in memory: what is read
// again, and when, around the user's own actions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { view } from '../../../test/helpers/fixtures.js';
import { LiveFollower } from '../src/features/live.js';
import type { ConnectionsSource, SourceChange } from '../src/source.js';
import type { ConnectionView } from '../src/view-model.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !test(); waited += 5) {
    if (waited > 2000) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * A follower over `rows` whose stream gives one notice of a change to the first row, and whose
 * reads of one connection wait until the test answers them (`answer`), as a client waiting to
 * retry does, or until they are aborted.
 */
function following(rows: ConnectionView[], { ignoresAbort = false } = {}) {
  let shown = [...rows];
  const busy = new Set<string>();
  const reads: Array<{ id: string; signal: AbortSignal; answer: (connection: ConnectionView) => void }> = [];
  const stop = new AbortController();
  const applied: unknown[] = [];
  const source = {
    get: (id: string, { signal }: { signal: AbortSignal }) =>
      new Promise<ConnectionView>((resolve, reject) => {
        reads.push({ id, signal, answer: resolve });
        if (!ignoresAbort) signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'aborted' })));
      }),
    async *watch(signal: AbortSignal): AsyncIterable<SourceChange> {
      yield { type: 'open' };
      yield { type: 'notice', kind: 'connection.disconnected', connectionId: rows[0]!.id };
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    },
  } as unknown as ConnectionsSource;
  const follower = new LiveFollower({
    source,
    signal: stop.signal,
    connections: () => shown,
    busy: (id) => busy.has(id),
    listRequest: () => ({ page: 1, pageSize: 50, sourceTypes: [], platformKeys: [] }),
    apply: (change) => applied.push(change),
    gather: 5,
  });
  void follower.start();
  return {
    follower,
    reads,
    applied,
    busy,
    remove: (id: string) => (shown = shown.filter((row) => row.id !== id)),
    stop: () => stop.abort(),
  };
}

describe('following changes made elsewhere', () => {
  it('drops a read under way when the user starts acting on its row, and reads nothing once their delete took the row', async () => {
    const [first, second] = [view(1), view(2)];
    const live = following([first, second]);
    await until(() => live.reads.length === 1, 'the notice read');
    // The user deletes the row: it turns busy, and the element's update runs `settled`.
    live.busy.add(first.id);
    live.follower.settled();
    assert.equal(live.reads[0]!.signal.aborted, true, 'the read under way is dropped');
    await sleep(20);
    // Their delete ends, the row gone.
    live.busy.delete(first.id);
    live.remove(first.id);
    live.follower.settled();
    await sleep(50);
    assert.equal(live.reads.length, 1, 'no read after the delete');
    live.stop();
  });

  it('reads the row again once the action ends, when the row is still shown', async () => {
    const [first, second] = [view(1), view(2)];
    const live = following([first, second]);
    await until(() => live.reads.length === 1, 'the notice read');
    live.busy.add(first.id);
    live.follower.settled();
    // An unlink, say, answered before the dropped read has finished: the row stays.
    live.busy.delete(first.id);
    live.follower.settled();
    await until(() => live.reads.length === 2, 'the read once the action ended');
    assert.equal(live.reads[1]!.id, first.id);
    live.reads[1]!.answer(first);
    live.stop();
  });

  it("changes nothing with a dropped read's answer when the source ignores the abort", async () => {
    const [first, second] = [view(1), view(2)];
    const live = following([first, second], { ignoresAbort: true });
    await until(() => live.reads.length === 1, 'the notice read');
    live.busy.add(first.id);
    live.follower.settled();
    await sleep(20);
    live.busy.delete(first.id);
    live.remove(first.id);
    live.follower.settled();
    // The answer comes after the user's delete, from before it.
    live.reads[0]!.answer({ ...first, state: 'disconnected', status: 'Unlinked' });
    await sleep(50);
    assert.deepEqual(live.applied, [], 'the deleted row is not brought back');
    assert.equal(live.reads.length, 1);
    live.stop();
  });
});
