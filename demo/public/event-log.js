// The demo pages' live log of the element's events: the newest first, everything from the API as
// text, never as HTML. Shared by the main page (page.js) and the open-banking page (banks.js).

/** One line of the log: what an event's detail says. */
function describe(event) {
  const { detail } = event;
  if (event.type === 'codat-ready') return `${detail.connections.length} of ${detail.totalResults} connections shown`;
  if (event.type === 'codat-deleted') return `connection ${detail.connectionId}`;
  if (event.type === 'codat-error') return `${detail.operation}: ${detail.error?.message ?? detail.error}`;
  return `${detail.connection.name} (${detail.connection.status}, ${detail.connection.id})`;
}

/**
 * Logs each of `eventNames` that `element` dispatches into the list `log`, and empties it when
 * `clear` is pressed.
 * @param {HTMLElement} element
 * @param {string[]} eventNames
 * @param {HTMLElement} log
 * @param {HTMLElement} clear
 */
export function logEvents(element, eventNames, log, clear) {
  for (const name of eventNames) {
    element.addEventListener(name, (event) => {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.textContent = new Date().toLocaleTimeString();
      const type = document.createElement('code');
      type.textContent = name;
      item.append(time, ' ', type, ' ', describe(event));
      log.prepend(item);
    });
  }
  clear.addEventListener('click', () => log.replaceChildren());
}
