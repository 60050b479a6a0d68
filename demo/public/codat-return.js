// Codat's link flow ends here (its redirect URL). Tells the page that opened the popup which
// connection was linked, on this origin only, then closes. Codat adds `statusCode`,
// `connectionId`, `companyId` and `errorMessage` to the URL.
const params = new URLSearchParams(window.location.search);
const connectionId = params.get('connectionId');
const statusCode = params.get('statusCode');
const failed = statusCode !== null && statusCode !== '200';

document.getElementById('title').textContent = failed ? 'The connection was not authorized' : 'Connection authorized';
if (failed && params.get('errorMessage')) document.getElementById('message').textContent = params.get('errorMessage');

if (window.opener && connectionId) {
  window.opener.postMessage({ type: 'codat-connections:linked', connectionId }, window.location.origin);
  window.close();
}
