import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import '@codat-connections/widget/codat-connections.js';
import type { CodatConnectionsEvent, CodatConnectionsInputs } from '@codat-connections/widget/angular';

@Component({
  selector: 'app-connections',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <button type="button" (click)="theme.set('dark')">Dark theme</button>
    <codat-connections token-url="/api/codat/token" [theme]="theme()" (codat-ready)="onReady($event)" (codat-linked)="onLinked($event)"></codat-connections>
    @if (count() !== undefined) {
      <p id="count">{{ count() }} connections</p>
    }
  `,
})
export class ConnectionsComponent {
  readonly theme = signal<CodatConnectionsInputs['theme']>('light');
  readonly count = signal<number | undefined>(undefined);

  onReady(event: CodatConnectionsEvent<'codat-ready'>) {
    this.count.set(event.detail.totalResults);
  }

  onLinked(event: CodatConnectionsEvent<'codat-linked'>) {
    console.log(`${event.detail.connection.name} connected`);
  }
}
