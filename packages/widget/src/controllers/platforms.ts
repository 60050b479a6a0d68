import type { ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { ConnectionsSource } from '../source.js';
import type { PlatformView } from '../view-model.js';

/**
 * The platforms a user may connect (names and logos for rows and the picker), as a `@lit/task`
 * over the element's source: it runs whenever the source changes (in the same update that starts
 * the list, so both share one token request), and a newer run's answer is the only one kept.
 */
export class PlatformsController {
  private readonly task: Task<readonly [ConnectionsSource | undefined], readonly PlatformView[]>;
  private indexed: readonly PlatformView[] | undefined;
  private byKey = new Map<string, PlatformView>();

  constructor(host: ReactiveControllerHost, source: () => ConnectionsSource | undefined) {
    this.task = new Task(host, {
      args: () => [source()] as const,
      task: ([current], { signal }) => (current ? current.platforms({ signal }) : Promise.resolve([])),
    });
    host.addController({ hostDisconnected: () => this.task.abort() });
  }

  get status(): TaskStatus {
    return this.task.status;
  }

  get platforms(): readonly PlatformView[] {
    return this.task.value ?? [];
  }

  /** The platform of a key, if the source offers it. */
  find(key: string | undefined): PlatformView | undefined {
    if (this.indexed !== this.task.value) {
      this.indexed = this.task.value;
      this.byKey = new Map(this.platforms.map((platform) => [platform.key, platform]));
    }
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** Loads again after a failure (the picker asks when it opens). */
  retry(): void {
    if (this.task.status === TaskStatus.ERROR) void this.task.run();
  }
}

export { TaskStatus };
