import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionsSource } from '../source.js';
import type { ConnectionView, DatasetView } from '../view-model.js';

/**
 * The datasets of the linked connections shown, read from the source when it can tell (one run at a
 * time: a newer run's answer is the only one kept, as for the list).
 */
export class FreshnessController implements ReactiveController {
  private run: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Reads the datasets of the linked ones among `connections`; resolves with them by connection id,
   * or undefined when the source cannot tell, there is nothing linked, or a newer run replaced this one.
   */
  async load(source: ConnectionsSource, connections: readonly ConnectionView[]): Promise<Map<string, DatasetView[]> | undefined> {
    this.run?.abort();
    const linked = connections.filter((connection) => connection.state === 'linked');
    if (!source.freshness || linked.length === 0) return undefined;
    const run = (this.run = new AbortController());
    const datasets = await source.freshness(linked, { signal: run.signal });
    return run === this.run && !run.signal.aborted ? datasets : undefined;
  }

  hostDisconnected(): void {
    this.run?.abort();
  }
}
