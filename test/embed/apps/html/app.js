// The page's own script, a file (no inline script under the strict CSP): it listens to the
// element's events and changes its `theme` property.
const element = document.querySelector('codat-connections');
const count = document.querySelector('#count');

element.addEventListener('codat-ready', (event) => {
  count.textContent = `${event.detail.totalResults} connections`;
  count.hidden = false;
});
element.addEventListener('codat-linked', (event) => console.log(`${event.detail.connection.name} connected`));
document.querySelector('#dark').addEventListener('click', () => {
  element.theme = 'dark';
});
