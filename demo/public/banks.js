// The open-banking demo page: <codat-connections> over the dataholder model (a user's consents to
// banks), through the partner's backend at /api/dataholder, which holds the platform's credentials.
// Everything from the API is inserted as text, never as HTML.
import { createDataholderClient, dataholderSource } from '/modules/codat-connections-dataholder.js';

const $ = (id) => document.getElementById(id);
const element = document.createElement('codat-connections');
element.source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }));
// Delete is asked for and not shown: the dataholder model disconnects, it never deletes.
element.setAttribute('actions', 'link reconnect unlink delete');
element.append(Object.assign(document.createElement('span'), { slot: 'header', textContent: 'Bank connections' }));

for (const name of ['codat-ready', 'codat-link-started', 'codat-linked', 'codat-link-cancelled', 'codat-unlinked', 'codat-error']) {
  element.addEventListener(name, (event) => {
    const { detail } = event;
    let text;
    if (name === 'codat-ready') text = `${detail.connections.length} connections shown`;
    else if (name === 'codat-error') text = `${detail.operation}: ${detail.error?.message ?? detail.error}`;
    else text = `${detail.connection.name} (${detail.connection.status}, ${detail.connection.id})`;
    const item = document.createElement('li');
    const type = document.createElement('code');
    type.textContent = name;
    item.append(new Date().toLocaleTimeString(), ' ', type, ' ', text);
    $('log').prepend(item);
  });
}
$('clear-log').addEventListener('click', () => $('log').replaceChildren());

const user = await fetch('/demo/session').then((response) => response.json());
$('signed-out').hidden = Boolean(user.user);
$('signed-in').hidden = !user.user;
$('workspace').hidden = !user.user;
if (user.user) {
  $('who').textContent = user.user;
  $('log-title').parentElement.before(element);
}
