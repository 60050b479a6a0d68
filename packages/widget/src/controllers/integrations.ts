import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionsClient, Integration } from '@codat-connections/core';
import type { ListStatus } from './connections-list.js';
import { isLoadableImage } from '../safe-url.js';

/**
 * Enabled integrations (platform names and logos, for rows and the picker). Fetched in parallel
 * with the first page of connections, never before it, so the first row needs no extra round trip.
 */
export class IntegrationsController implements ReactiveController {
  status: ListStatus = 'idle';
  integrations: readonly Integration[] = [];
  error: Error | undefined;
  private byKey = new Map<string, Integration>();
  /** Logo URLs that passed the safety check, by integration key (checked once, not per row). */
  private logos = new Map<string, string>();
  private run: AbortController | undefined;

  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** The integration a connection was made with, by key or id. */
  find(key: string | undefined): Integration | undefined {
    return key ? this.byKey.get(key) : undefined;
  }

  /** The integration's logo URL when it is safe to load (https or same origin). */
  logo(integration: Integration | undefined): string | undefined {
    return integration && this.logos.get(integration.key);
  }

  async load(client: ConnectionsClient): Promise<void> {
    this.run?.abort();
    const run = (this.run = new AbortController());
    this.status = 'loading';
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const integrations = await client.integrations({ signal: run.signal });
      if (run !== this.run) return;
      this.integrations = integrations.filter((integration) => integration.enabled !== false);
      this.byKey = new Map();
      this.logos = new Map();
      for (const integration of this.integrations) {
        this.byKey.set(integration.key, integration);
        if (isLoadableImage(integration.logoUrl)) this.logos.set(integration.key, integration.logoUrl);
        if (integration.integrationId) this.byKey.set(integration.integrationId, integration);
      }
      this.status = 'ready';
    } catch (error) {
      if (run !== this.run) return;
      this.error = error as Error;
      this.status = 'error';
    } finally {
      if (run === this.run) this.host.requestUpdate();
    }
  }

  reset(): void {
    this.run?.abort();
    this.run = undefined;
    this.status = 'idle';
    this.integrations = [];
    this.byKey = new Map();
    this.logos = new Map();
  }

  hostDisconnected(): void {
    this.run?.abort();
    this.run = undefined;
  }
}
