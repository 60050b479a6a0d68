// <plain-connections>: a measuring stick, not a product. It renders the rows <codat-connections>
// renders for the same ConnectionViews, with the same markup, parts and classes (so the element's
// own stylesheet applies unchanged), by hand with plain DOM: one cloned row template, keyed rows
// reused on refresh, text set through textContent. `bench/render.mjs` runs it beside the element, in
// the same page and from the same source, so the ratio of the two says what the element's own
// machinery costs over the DOM work the rows need anyway.
//
// It renders what the bench's rows hold: the header (Refresh; Link when the source can link), the
// skeleton, the filter box (not wired), rows with a letter or image logo, name, status, source
// type and dates, an error list, the actions `actions` allows (no confirmation dialog: it acts as
// `no-confirm`), Unlink with its busy state, and the list's empty and error states. Freshness,
// access, row messages, the picker, filtering, Load more and every language but English are left
// out; the bench checks that its rows match the element's for the rows it measures.

/** English text, as the element's catalogue has it. */
const text = {
  title: 'Connections',
  linkNew: 'Link a new connection',
  refresh: 'Refresh',
  filterLabel: 'Filter connections',
  empty: 'No connections yet. Link one to share your data.',
  loading: 'Loading connections…',
  errorTitle: 'Connections could not be loaded.',
  loaded: (count) => (count === 1 ? '1 connection loaded' : `${count} connections loaded`),
  status: { PendingAuth: 'Pending authorization', Linked: 'Linked', Unlinked: 'Unlinked', Deauthorized: 'Deauthorized' },
  states: { linked: 'Linked', pending: 'Pending authorization', disconnected: 'Disconnected', expired: 'Expired', unknown: 'Unknown status' },
  sourceTypes: {
    Accounting: 'Accounting',
    Banking: 'Banking',
    BankFeed: 'Bank feeds',
    Commerce: 'Commerce',
    Expense: 'Expense',
    Other: 'Other',
    Unknown: 'Unknown',
  },
  unknownPlatform: 'Unknown platform',
  lastSync: 'Last sync',
  neverSynced: 'Never synced',
  created: 'Created',
  errorsSummary: (count) => (count === 1 ? '1 error' : `${count} errors`),
  logoAlt: (name) => `${name} logo`,
  unlinking: 'Unlinking…',
  buttons: [
    ['reconnect', 'button primary', 'Reconnect', (name) => `Reconnect ${name}`],
    ['unlink', 'button', 'Unlink', (name) => `Unlink ${name}`],
    ['refresh-data', 'button', 'Refresh data', (name) => `Refresh data from ${name}`],
    ['delete', 'button danger', 'Delete', (name) => `Delete ${name}`],
  ],
};

const reconnectable = new Set(['pending', 'disconnected', 'expired']);

const units = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];
/** Relative phrases are kept per unit and value, as the element keeps them: a long list has few. */
const relativePhrases = new Map();
let relativeFormat;

/** "3 days ago", or undefined for a missing or invalid date. */
function relativeTime(iso, now = Date.now()) {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return undefined;
  const seconds = Math.round((time - now) / 1000);
  const [unit, size] = units.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  const value = Math.round(seconds / size);
  const key = `${unit}|${value}`;
  let phrase = relativePhrases.get(key);
  if (phrase === undefined) {
    relativeFormat ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    relativePhrases.set(key, (phrase = relativeFormat.format(value, unit)));
  }
  return phrase;
}

const displayName = (connection) => connection.name || text.unknownPlatform;
const own = (names, key) => (Object.hasOwn(names, key) ? names[key] : undefined);

function statusLabel(connection) {
  const label = own(text.status, connection.status);
  if (label) return label;
  if (connection.state === 'unknown' && connection.status) return connection.status;
  return text.states[connection.state];
}

/** Rows per group, as the element groups them. */
const groupSize = 50;

/** Builds an element from a tag, attributes and children (nodes or text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A relative date with the (empty) hidden text the element fills with its exact time after the first render. */
function time(iso, relative) {
  return h('time', { datetime: iso }, relative, h('span', { class: 'exact visually-hidden' }));
}

/** Whether two views of a connection render the same row. */
function sameRow(a, b) {
  if (a === b) return true;
  const fields = ['id', 'name', 'platformKey', 'logoUrl', 'state', 'status', 'sourceType', 'created', 'lastSync'];
  if (fields.some((field) => a[field] !== b[field]) || a.errors.length !== b.errors.length) return false;
  return a.errors.every((error, index) => error.message === b.errors[index].message && error.time === b.errors[index].time);
}

/** The row's skeleton, cloned for every row: its text and flags are filled in afterwards. */
let rowTemplate;
function newRow() {
  if (!rowTemplate) {
    rowTemplate = document.createElement('template');
    const buttons = text.buttons
      .map(([action, classes, label]) => `<button part="${action}-button" class="${classes}" type="button" data-action="${action}">${label}</button>`)
      .join('');
    rowTemplate.innerHTML =
      // The same white space between a row's parts as the element's templates have.
      '<div part="item" class="item" role="listitem" tabindex="-1" aria-busy="false"> <span></span> <div class="main"> <span part="name" class="name"></span> ' +
      `<span></span> <span part="meta" class="meta"></span> </div> <div part="actions" class="actions"> ${buttons} </div> </div>`;
  }
  const item = rowTemplate.content.firstChild.cloneNode(true);
  const main = item.children[1];
  const actions = item.children[2];
  return { item, main, name: main.children[0], status: main.children[1], meta: main.children[2], errors: undefined, actions, buttons: [...actions.children] };
}

export class PlainConnections extends HTMLElement {
  /** The stylesheet's text, set once before the element is defined (see `definePlainConnections`). */
  static cssText = '';
  static #sheet;

  #source;
  #root;
  #body;
  #list;
  #groups = [];
  #refreshButton;
  #announcement;
  /** Row parts by connection id, in the order shown. */
  #rows = new Map();
  #connections = [];
  #logos = new Map();
  #busy = new Set();
  #run = 0;

  constructor() {
    super();
    PlainConnections.#sheet ??= new CSSStyleSheet();
    if (PlainConnections.#sheet.cssRules.length === 0) PlainConnections.#sheet.replaceSync(PlainConnections.cssText);
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [PlainConnections.#sheet];
  }

  get source() {
    return this.#source;
  }

  set source(source) {
    this.#source = source;
    if (this.isConnected) void this.#load();
  }

  get connections() {
    return this.#connections;
  }

  get pageSize() {
    return Number(this.getAttribute('page-size') ?? 50);
  }

  connectedCallback() {
    // A `source` set before the element was defined is an own property hiding the setter.
    if (Object.hasOwn(this, 'source')) {
      const source = this.source;
      delete this.source;
      this.#source = source;
    }
    if (!this.#body) this.#renderShell();
    if (this.#source) void this.#load();
  }

  /** Reads the list again, keeping the rows shown until the answer comes. */
  async refresh() {
    this.#refreshButton.setAttribute('aria-busy', 'true');
    try {
      await this.#load({ keep: true });
    } finally {
      this.#refreshButton.setAttribute('aria-busy', 'false');
    }
  }

  #actions() {
    const asked = new Set((this.getAttribute('actions') ?? 'link reconnect unlink').split(/\s+/));
    const source = this.#source;
    const can = new Set();
    if (source?.link) can.add('reconnect');
    if (source?.link && source.create) can.add('link');
    if (source?.unlink) can.add('unlink');
    if (source?.delete) can.add('delete');
    if (source?.refreshData && source.canRefreshData?.()) can.add('refresh');
    return new Set([...asked].filter((action) => can.has(action)));
  }

  #renderShell() {
    this.#refreshButton = h('button', { part: 'refresh-button', class: 'button', type: 'button', 'aria-busy': 'false' }, text.refresh);
    this.#refreshButton.addEventListener('click', () => void this.refresh());
    const header = h(
      'div',
      { part: 'header', class: 'header' },
      h('h2', { part: 'title', class: 'title', id: 'title' }, h('slot', { name: 'header' }, text.title)),
      this.#refreshButton,
    );
    this.#body = h('div');
    this.#body.style.display = 'contents';
    this.#announcement = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const base = h('div', { part: 'base', class: 'base', lang: 'en' }, header, this.#body, this.#announcement);
    base.addEventListener('click', (event) => this.#onClick(event));
    this.#root.replaceChildren(base);
  }

  #renderHeader() {
    const header = this.#root.querySelector('[part~="header"]');
    const link = header.querySelector('[part~="link-button"]');
    if (this.#actions().has('link')) {
      if (!link) {
        header.append(
          h('button', { part: 'link-button', class: 'button primary', type: 'button', 'aria-controls': 'picker', 'aria-expanded': 'false' }, text.linkNew),
        );
      }
    } else link?.remove();
  }

  async #load({ keep = false } = {}) {
    const run = ++this.#run;
    const source = this.#source;
    this.#renderHeader();
    this.#refreshButton.disabled = true;
    if (!keep) this.#showSkeleton();
    let page;
    try {
      [page] = await Promise.all([
        source.list({ page: 1, pageSize: this.pageSize, sourceTypes: [], platformKeys: [] }),
        this.#logos.size === 0 && source.platforms().then((platforms) => platforms.forEach((platform) => this.#logos.set(platform.key, platform.logoUrl))),
      ]);
    } catch (error) {
      if (run !== this.#run) return;
      this.#refreshButton.disabled = false;
      if (!keep) this.#body.replaceChildren(h('div', { part: 'error', class: 'error' }, h('p', { class: 'error-title' }, text.errorTitle)));
      this.dispatchEvent(new CustomEvent('codat-error', { detail: { error, operation: 'list' }, bubbles: true, composed: true }));
      return;
    }
    if (run !== this.#run) return;
    this.#refreshButton.disabled = false;
    this.#show(page.connections);
    this.#announce(text.loaded(page.connections.length));
    this.dispatchEvent(
      new CustomEvent('codat-ready', { detail: { connections: page.connections, totalResults: page.totalResults }, bubbles: true, composed: true }),
    );
  }

  #showSkeleton() {
    this.#rows.clear();
    this.#list = undefined;
    const rows = [0, 1, 2].map(() => h('div', { class: 'skeleton-row', 'aria-hidden': 'true' }));
    this.#body.replaceChildren(
      h('div', { part: 'skeleton', class: 'skeleton', 'aria-busy': 'true', tabindex: '-1' }, h('span', { class: 'visually-hidden' }, text.loading), ...rows),
    );
  }

  /** Shows these connections: rows whose connection renders the same are left as they are. */
  #show(connections) {
    this.#connections = connections;
    if (connections.length === 0) {
      this.#rows.clear();
      this.#list = undefined;
      this.#groups = [];
      this.#body.replaceChildren(h('div', { part: 'empty', class: 'empty' }, h('slot', { name: 'empty' }, text.empty)));
      return;
    }
    if (!this.#list) {
      this.#list = h('div', { part: 'list', class: 'list', role: 'list', 'aria-labelledby': 'title' });
      this.#groups = [];
      const input = h('input', { class: 'input', type: 'search', id: 'filter', part: 'filter', placeholder: text.filterLabel });
      const filter = h('div', { class: 'filter' }, h('label', { class: 'visually-hidden', for: 'filter' }, text.filterLabel), input);
      this.#body.replaceChildren(filter, this.#list);
    }
    const actions = this.#actions();
    const kept = new Map();
    for (const connection of connections) {
      let row = this.#rows.get(connection.id);
      if (!row) {
        row = newRow();
        this.#fill(row, connection, actions);
      } else if (!sameRow(row.connection, connection)) this.#fill(row, connection, actions);
      row.connection = connection;
      kept.set(connection.id, row);
    }
    for (const [id, row] of this.#rows) if (!kept.has(id)) row.item.remove();
    this.#rows = kept;
    // Rows go where they belong, in groups of `groupSize` as the element keeps them (each group skipped
    // by layout while out of view); ones already in place are not touched, and a new group is filled
    // before it goes into the page.
    const rows = [...kept.values()];
    const groups = Math.ceil(rows.length / groupSize);
    while (this.#groups.length > groups) this.#groups.pop().remove();
    for (let index = 0; index < groups; index++) {
      const fresh = index >= this.#groups.length;
      const group = fresh ? h('div', { class: 'group', role: 'none' }) : this.#groups[index];
      const members = rows.slice(index * groupSize, (index + 1) * groupSize);
      let next = group.firstChild;
      for (const row of members) {
        if (row.item === next) next = next.nextSibling;
        else group.insertBefore(row.item, next);
      }
      if (fresh) {
        this.#groups.push(group);
        this.#list.append(group);
      }
    }
  }

  /** Writes a connection into a row's parts. */
  #fill(row, connection, actions) {
    const name = displayName(connection);
    const { item } = row;
    item.dataset.id = connection.id;
    const logoUrl = connection.logoUrl ?? this.#logos.get(connection.platformKey);
    const logo = logoUrl
      ? h('img', { part: 'logo', class: 'logo', src: logoUrl, alt: text.logoAlt(name), width: '32', height: '32', loading: 'lazy' })
      : h('span', { part: 'logo', class: 'logo letter', 'aria-hidden': 'true' }, name.trim().charAt(0).toUpperCase());
    item.firstElementChild.replaceWith(logo);
    row.name.textContent = name;
    const statusPart = `status status-${connection.state}`;
    row.status.setAttribute('part', statusPart);
    row.status.className = statusPart;
    row.status.textContent = statusLabel(connection);
    const lastSync = relativeTime(connection.lastSync);
    const created = relativeTime(connection.created);
    const summary = [
      connection.sourceType && (own(text.sourceTypes, connection.sourceType) || connection.sourceType),
      lastSync ? text.lastSync : text.neverSynced,
    ];
    row.meta.replaceChildren(
      `${summary.filter(Boolean).join(' · ')} `,
      ...(lastSync ? [time(connection.lastSync, lastSync)] : []),
      ...(created ? [` · ${text.created} `, time(connection.created, created)] : []),
    );
    row.errors?.remove();
    row.errors = undefined;
    if (connection.errors.length) {
      const errors = connection.errors.map((error) => {
        const when = relativeTime(error.time);
        return h('li', {}, `${error.message} `, ...(when ? [time(error.time, when)] : []));
      });
      // The spaces around the items are the element's, and show in the row's text.
      const list = h('ul', {}, ' ', ...errors, ' ');
      row.errors = h('details', { part: 'errors', class: 'errors' }, h('summary', {}, text.errorsSummary(connection.errors.length)), list);
      row.main.append(row.errors);
    }
    this.#showActions(row, connection, actions, name);
  }

  #showActions(row, connection, actions, name = displayName(connection)) {
    const busy = this.#busy.has(connection.id);
    row.item.setAttribute('aria-busy', busy ? 'true' : 'false');
    const offered = {
      reconnect: actions.has('reconnect') && reconnectable.has(connection.state),
      unlink: actions.has('unlink') && connection.state === 'linked',
      'refresh-data': actions.has('refresh') && connection.state === 'linked',
      delete: actions.has('delete'),
    };
    // Only the buttons the row offers now are in it, as the element renders them.
    text.buttons.forEach(([action, , , label], index) => {
      const button = row.buttons[index];
      if (busy || !offered[action]) {
        button.remove();
        return;
      }
      button.setAttribute('aria-label', label(name));
      row.actions.append(button);
    });
    const pending = row.actions.querySelector('[part~="pending"]');
    if (busy && !pending) row.actions.prepend(h('span', { part: 'pending', class: 'pending' }, text.unlinking));
    if (!busy) pending?.remove();
  }

  #onClick(event) {
    const control = event.target.closest('[data-action]');
    const id = control?.closest('[data-id]')?.dataset.id;
    const row = id === undefined ? undefined : this.#rows.get(id);
    if (control?.dataset.action === 'unlink' && row && !this.#busy.has(id)) void this.#unlink(row);
  }

  async #unlink(row) {
    const { connection } = row;
    const detail = { connection };
    if (!this.dispatchEvent(new CustomEvent('codat-before-unlink', { detail, bubbles: true, composed: true, cancelable: true }))) return;
    // The pressed button is about to go: focus waits on the row.
    const focused = this.#root.activeElement;
    if (focused && row.item.contains(focused)) row.item.focus({ preventScroll: true });
    this.#busy.add(connection.id);
    this.#showActions(row, connection, this.#actions());
    try {
      const unlinked = await this.#source.unlink(connection.id);
      this.#busy.delete(connection.id);
      this.#show(this.#connections.map((each) => (each.id === unlinked.id ? unlinked : each)));
      this.dispatchEvent(new CustomEvent('codat-unlinked', { detail: { connection: unlinked }, bubbles: true, composed: true }));
    } catch (error) {
      this.#busy.delete(connection.id);
      this.#showActions(row, connection, this.#actions());
      this.dispatchEvent(new CustomEvent('codat-error', { detail: { error, operation: 'unlink' }, bubbles: true, composed: true }));
    }
  }

  #announce(message) {
    this.#announcement.textContent = this.#announcement.textContent === message ? `${message}\u200b` : message;
  }
}

/** Defines `<plain-connections>` with the element's stylesheet text (read from the element itself by the bench). */
export function definePlainConnections(cssText, name = 'plain-connections') {
  PlainConnections.cssText = cssText;
  if (!customElements.get(name)) customElements.define(name, PlainConnections);
}
