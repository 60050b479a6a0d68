import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveFollower, ReadNotices } from '../features/live.js';
import { Lazy } from '../lazy.js';
import { LatestRun } from '../latest-run.js';
import type { RemoteChange } from '../outcome.js';
import type { ConnectionsSource, SourceListRequest } from '../source.js';
import type { ConnectionView } from '../view-model.js';

export interface LiveOptions {
  /** Whether to follow changes (`live` is not `off`). */
  enabled: () => boolean;
  connections: () => readonly ConnectionView[];
  busy: (id: string) => boolean;
  listRequest: () => Omit<SourceListRequest, 'signal'>;
  /** Shows a change (the presenter). */
  apply: (change: RemoteChange) => void;
  /** Following could not start: its chunk could not be fetched. */
  failed: (error: unknown) => void;
}

/**
 * Follows changes made elsewhere once the list is shown (features/live.ts, loaded then), for as
 * long as the source stays the same and `live` is not `off`.
 */
export class LiveController implements ReactiveController {
  private readonly feature = new Lazy(() => import('../features/live.js'));
  private readonly run = new LatestRun();
  private follower: LiveFollower | undefined;
  private source: ConnectionsSource | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LiveOptions,
  ) {
    host.addController(this);
  }

  /** The list is shown, from `source`: follows its changes, unless already following them. */
  async follow(source: ConnectionsSource): Promise<void> {
    if (!this.options.enabled()) return this.stop();
    if (this.run.signal && this.source === source) return;
    this.source = source;
    const signal = this.run.start();
    this.follower = undefined;
    let feature;
    try {
      feature = this.feature.value ?? (await this.feature.load('watch'));
    } catch (error) {
      if (this.run.isLatest(signal)) this.options.failed(error);
      return;
    }
    if (!this.run.isLatest(signal)) return;
    const { connections, busy, listRequest, apply } = this.options;
    this.follower = new feature.LiveFollower({ source, signal, connections, busy, listRequest, apply, visibility: document });
    void this.follower.start();
  }

  stop(): void {
    this.run.abort();
    this.follower = undefined;
    this.source = undefined;
  }

  /** Notices of reads finished for a row, while a stream is followed. */
  reads(connectionId: string): ReadNotices | undefined {
    return this.follower?.following ? this.follower.reads(connectionId) : undefined;
  }

  hostUpdated(): void {
    this.follower?.settled();
  }

  hostDisconnected(): void {
    this.stop();
  }
}
