// Logs the element's events as text (never as HTML).
const log = document.getElementById('log');
const types = ['ready', 'link-started', 'linked', 'link-cancelled', 'before-unlink', 'before-delete', 'unlinked', 'deleted', 'error'];
for (const type of types) {
  document.addEventListener(`codat-${type}`, (event) => {
    const item = document.createElement('li');
    const { connection, connectionId, connections, error } = event.detail ?? {};
    item.textContent = `${event.type} ${connection?.name ?? connectionId ?? (connections ? `${connections.length} connections` : (error?.message ?? ''))}`;
    log.append(item);
  });
}
