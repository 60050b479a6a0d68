// The demo page: signs in as a demo user, then lists that user's company's connections with the
// core client alone. Everything from the API is inserted as text, never as HTML.
import { createConnectionsClient } from '/modules/core.js';

const $ = (id) => document.getElementById(id);

async function session(method, body) {
  const response = await fetch('/demo/session', {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.status === 204 ? { user: null } : response.json();
}

function show(user) {
  $('sign-in').hidden = Boolean(user.user);
  $('signed-in').hidden = !user.user;
  $('connections').hidden = !user.user;
  if (user.user) {
    $('who').textContent = user.user;
    $('company').textContent = user.companyId;
    void listConnections();
  }
}

async function listConnections() {
  const list = $('list');
  list.replaceChildren();
  $('status').textContent = 'Loading connections…';
  try {
    const client = createConnectionsClient({ token: '/api/codat/token' });
    let count = 0;
    for await (const connection of client.listAll({ pageSize: 100 })) {
      const item = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = connection.platformName;
      const status = document.createElement('span');
      status.className = `status status-${String(connection.status).toLowerCase()}`;
      status.textContent = connection.status;
      item.append(name, ' ', status, ` (${connection.sourceType})`);
      list.append(item);
      count += 1;
    }
    $('status').textContent = `${count} connection${count === 1 ? '' : 's'}.`;
  } catch (error) {
    $('status').textContent = `Could not load connections: ${error.message}`;
  }
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  show(await session('POST', { user: $('user').value }));
});
$('sign-out').addEventListener('click', async () => show(await session('DELETE')));

show(await session('GET'));
