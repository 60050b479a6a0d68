import { bootstrapApplication } from '@angular/platform-browser';
import { ConnectionsComponent } from './connections.component';

bootstrapApplication(ConnectionsComponent).catch((error: unknown) => console.error(error));
