// The dataholder model on a plain page: its standalone file, which imports the rest from codat-connections.js.
import { createDataholderClient, dataholderSource } from '/dist/codat-connections-dataholder.js';

document.querySelector('codat-connections').source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }));
