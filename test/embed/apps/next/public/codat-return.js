// Where Codat's link flow ends (the redirect URL set in Codat's portal, here the emulator's): tells
// the page that opened the popup which connection was linked, on this origin only, then closes.
const params = new URLSearchParams(window.location.search);
const connectionId = params.get('connectionId');
const failed = params.get('statusCode') !== null && params.get('statusCode') !== '200';
document.getElementById('title').textContent = failed ? 'The connection was not authorized' : 'Connection authorized';

if (window.opener && connectionId) {
  window.opener.postMessage({ type: 'codat-connections:linked', connectionId }, window.location.origin);
  window.close();
}
