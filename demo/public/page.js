// The demo page: a demo sign-in (which the token endpoint's `authorize` reads), the element, a
// live log of its events and controls for its theme, locale and a restyle through parts.
// Everything from the API is inserted as text, never as HTML.
const $ = (id) => document.getElementById(id);
// Created here, and put on the page once someone is signed in, so its first token request succeeds.
const element = document.createElement('codat-connections');
element.setAttribute('token-url', '/api/codat/token');
// "Refresh data" shows only for users whose token allows it (admin).
element.setAttribute('actions', 'link reconnect unlink refresh');
const eventNames = [
  'codat-ready',
  'codat-refreshed',
  'codat-link-started',
  'codat-linked',
  'codat-link-cancelled',
  'codat-before-unlink',
  'codat-before-delete',
  'codat-unlinked',
  'codat-deleted',
  'codat-error',
];

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
  $('workspace').hidden = !user.user;
  if (!user.user) return;
  $('who').textContent = user.user;
  $('company').textContent = user.companyId;
  $('controls').elements.delete.disabled = !user.permissions.includes('connections:delete');
  element.companyId = user.companyId;
}

/** One line of the log: the event's name and what its detail says, as text. */
function describe(event) {
  const { detail } = event;
  if (event.type === 'codat-ready') return `${detail.connections.length} of ${detail.totalResults} connections shown`;
  if (event.type === 'codat-deleted') return `connection ${detail.connectionId}`;
  if (event.type === 'codat-error') return `${detail.operation}: ${detail.error?.message ?? detail.error}`;
  return `${detail.connection.name} (${detail.connection.status}, ${detail.connection.id})`;
}

for (const name of eventNames) {
  element.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString();
    const type = document.createElement('code');
    type.textContent = name;
    item.append(time, ' ', type, ' ', describe(event));
    $('log').prepend(item);
  });
}

$('controls').addEventListener('change', (event) => {
  const { name, value, checked } = event.target;
  if (name === 'theme') element.theme = value;
  if (name === 'locale') element.locale = value;
  if (name === 'restyle') document.body.classList.toggle('restyled', checked);
  if (name === 'delete') element.actions = checked ? 'link reconnect unlink refresh delete' : 'link reconnect unlink refresh';
});
$('clear-log').addEventListener('click', () => $('log').replaceChildren());
$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  await session('POST', { user: $('user').value });
  // Another user is another token with other permissions: start afresh.
  location.reload();
});
$('sign-out').addEventListener('click', async () => {
  await session('DELETE');
  location.reload();
});

const user = await session('GET');
show(user);
if (user.user) $('controls').after(element);
