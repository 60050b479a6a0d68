import { LatestRun } from '../latest-run.js';
import type { ConnectionsSource } from '../source.js';
import type { ConnectionView, DatasetView } from '../view-model.js';

/**
 * The datasets of the linked connections shown, read from the source when it can tell; the latest
 * run's answer is the only one kept, as for the list.
 */
export class FreshnessController {
  private readonly run = new LatestRun();

  /**
   * Reads the datasets of the linked ones among `connections`; resolves with them by connection id,
   * or undefined when the source cannot tell, there is nothing linked, or a newer run replaced this one.
   */
  async load(source: ConnectionsSource, connections: readonly ConnectionView[]): Promise<Map<string, DatasetView[]> | undefined> {
    const signal = this.run.start();
    const linked = connections.filter((connection) => connection.state === 'linked');
    if (!source.freshness || linked.length === 0) return undefined;
    const datasets = await source.freshness(linked, { signal });
    return this.run.isLatest(signal) ? datasets : undefined;
  }

  abort(): void {
    this.run.abort();
  }
}
