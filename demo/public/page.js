// The demo page: a demo sign-in (which the token endpoint's `authorize` reads), the element, a
// live log of its events and controls for its theme, locale and a restyle through parts.
// Everything from the API is inserted as text, never as HTML.
import { logEvents } from './event-log.js';

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
  'codat-changed',
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

logEvents(element, eventNames, $('log'), $('clear-log'));

$('controls').addEventListener('change', (event) => {
  const { name, value, checked } = event.target;
  if (name === 'theme') element.theme = value;
  if (name === 'locale') element.locale = value;
  if (name === 'restyle') document.body.classList.toggle('restyled', checked);
  if (name === 'delete') element.actions = checked ? 'link reconnect unlink refresh delete' : 'link reconnect unlink refresh';
});
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
