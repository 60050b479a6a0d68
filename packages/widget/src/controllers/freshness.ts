import { LatestRun } from '../latest-run.js';
import type { ConnectionsSource } from '../source.js';
import type { ConnectionView, DatasetView } from '../view-model.js';

/**
 * The datasets of the connections shown, read from the source when it can tell: a linked one's data
 * as it updates, another's as it was last read (kept, no longer updating). The latest run's answer
 * is the only one kept, as for the list.
 */
export class FreshnessController {
  private readonly run = new LatestRun();

  /**
   * Reads the datasets of `connections`; resolves with them by connection id, or undefined when the
   * source cannot tell, there is no connection, or a newer run replaced this one.
   */
  async load(source: ConnectionsSource, connections: readonly ConnectionView[]): Promise<Map<string, DatasetView[]> | undefined> {
    const signal = this.run.start();
    if (!source.freshness || connections.length === 0) return undefined;
    const datasets = await source.freshness(connections, { signal });
    return this.run.isLatest(signal) ? datasets : undefined;
  }

  abort(): void {
    this.run.abort();
  }
}
