// The open-banking demo page: <codat-connections> over the dataholder model (a user's consents to
// banks), through the partner's backend at /api/dataholder, which holds the platform's credentials.
// Everything from the API is inserted as text, never as HTML.
import { createDataholderClient, dataholderSource } from '/modules/codat-connections-dataholder.js';
import { logEvents } from './event-log.js';

const $ = (id) => document.getElementById(id);
const element = document.createElement('codat-connections');
// The partner names itself as who reads the data (the confirmation before Unlink says so); Codat takes no part here.
element.source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }), { provider: 'Partner portal' });
// Delete is asked for and not shown: the dataholder model disconnects, it never deletes.
element.setAttribute('actions', 'link reconnect unlink delete');
element.append(Object.assign(document.createElement('span'), { slot: 'header', textContent: 'Bank connections' }));

logEvents(element, ['codat-ready', 'codat-link-started', 'codat-linked', 'codat-link-cancelled', 'codat-unlinked', 'codat-error'], $('log'), $('clear-log'));

const user = await fetch('/demo/session').then((response) => response.json());
$('signed-out').hidden = Boolean(user.user);
$('signed-in').hidden = !user.user;
$('workspace').hidden = !user.user;
if (user.user) {
  $('who').textContent = user.user;
  $('log-title').parentElement.before(element);
}
