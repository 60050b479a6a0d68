import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LatestRun, sameArgs } from '../latest-run.js';
import type { ConnectionsSource } from '../source.js';
import type { PlatformsStatus } from '../states.js';
import type { PlatformView } from '../view-model.js';

/**
 * The platforms a user may connect (names and logos for rows and the picker). It reads them
 * whenever the source changes, in the same update that starts the list (so both share one token
 * request); the latest run's answer is the only one kept.
 */
export class PlatformsController implements ReactiveController {
  status: PlatformsStatus = 'loading';
  platforms: readonly PlatformView[] = [];
  private byKey = new Map<string, PlatformView>();
  private readonly run = new LatestRun();
  private args: readonly unknown[] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly source: () => ConnectionsSource | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Connected again after a read was cut short: the platforms are read again.
    if (this.args && this.status === 'loading' && !this.run.signal) {
      this.args = undefined;
      this.host.requestUpdate();
    }
  }

  hostUpdate(): void {
    if (!this.host.isConnected) return;
    const args = [this.source()];
    if (sameArgs(this.args, args)) return;
    this.args = args;
    void this.load();
  }

  /** The platform of a key, if the source offers it. */
  find(key: string | undefined): PlatformView | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** Loads again after a failure (the picker asks when it opens, and so does reading the list again). */
  retry(): void {
    if (this.status === 'error') void this.load();
  }

  hostDisconnected(): void {
    this.run.abort();
  }

  private async load(): Promise<void> {
    const source = this.source();
    const signal = this.run.start();
    this.status = 'loading';
    try {
      const platforms = source ? await source.platforms({ signal }) : [];
      if (!this.run.isLatest(signal)) return;
      this.platforms = platforms;
      this.byKey = new Map(platforms.map((platform) => [platform.key, platform]));
      this.status = 'ready';
    } catch {
      if (!this.run.isLatest(signal)) return;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }
}
