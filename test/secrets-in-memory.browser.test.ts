// "nothing sensitive leaves memory": through a whole session on the real stack (list,
// link a new platform and reconnect one through popups, unlink, delete, refresh data, a second
// element, and the way back from Codat in redirect mode), every place a page could leave a token
// is watched: localStorage and sessionStorage (written and read back), document.cookie, history
// (pushState, replaceState), postMessage (sent, and received from the popups), BroadcastChannel,
// window.open and navigation URLs, and request URLs. No token the token endpoint issued, nor any
// part of one, nor a grant, is ever found there; the only history entry the element writes is the
// return address with Codat's own parameters taken out.
import { expect } from '@open-wc/testing';
import { authorizeIn, facts, mountOnStack, prepareStack, stackCompany, stubs } from './helpers/harness.js';

const everything = { actions: 'link reconnect unlink delete refresh', 'link-mode': 'popup' };

/** Every value the page handed to a place that outlives its memory or leaves it, by where. */
type Seen = Array<{ where: string; value: unknown }>;

/** Watches every sink above from now on; the tokens the token endpoint issued are collected too. */
function watchSinks(): { seen: Seen; tokens: string[] } {
  const seen: Seen = [];
  const tokens: string[] = [];
  const wrap = <T extends object, K extends keyof T>(target: T, name: K, where: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    (target as Record<K, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      seen.push({ where, value: args });
      return original.apply(this, args);
    };
    stubs.add(() => void ((target as Record<K, unknown>)[name] = original));
  };
  wrap(Storage.prototype, 'setItem', 'Storage.setItem');
  wrap(History.prototype, 'pushState', 'history.pushState');
  wrap(History.prototype, 'replaceState', 'history.replaceState');
  wrap(Window.prototype, 'postMessage', 'postMessage');
  wrap(BroadcastChannel.prototype, 'postMessage', 'BroadcastChannel');
  wrap(MessagePort.prototype, 'postMessage', 'MessagePort');
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: () => cookie.get!.call(document),
    set: (value: string) => {
      seen.push({ where: 'document.cookie', value });
      cookie.set!.call(document, value);
    },
  });
  stubs.add(() => void delete (document as { cookie?: string }).cookie);
  const received = (event: MessageEvent) => seen.push({ where: 'message received', value: event.data });
  window.addEventListener('message', received);
  stubs.add(() => window.removeEventListener('message', received));

  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({ where: 'request URL', value: request.url });
    const response = await original(input, init);
    if (new URL(request.url).pathname.endsWith('/token') && response.ok) {
      const grant = (await response.clone().json()) as { accessToken?: string };
      if (grant.accessToken) tokens.push(grant.accessToken);
    }
    return response;
  };
  stubs.add(() => void (window.fetch = original));
  return { seen, tokens };
}

/** What a sink must never hold: a whole token, any of its three parts, or a grant's field name. */
function leaks(seen: Seen, tokens: string[]): string[] {
  const secrets = tokens.flatMap((token) => [token, ...token.split('.').filter((part) => part.length > 20)]);
  return seen
    .map(({ where, value }) => ({ where, text: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)) }))
    .filter(({ text }) => text.includes('accessToken') || secrets.some((secret) => text.includes(secret)))
    .map(({ where, text }) => `${where}: ${text.slice(0, 200)}`);
}

describe('nothing sensitive leaves memory', () => {
  it('keeps every token and grant out of storage, cookies, history, messages and URLs through every action', async () => {
    await prepareStack('admin');
    const { seen, tokens } = watchSinks();
    const popups = stubs.popups();
    const h = await mountOnStack({ prepare: false, attributes: everything });

    // Link a platform the company has no connection of, through the picker and the popup.
    const items = await h.openPicker();
    const item = items.find((candidate) => !h.part('picker-item-status', candidate))!;
    const linked = h.next('codat-linked');
    item.click();
    await authorizeIn(popups.opened.at(-1)!);
    const newConnection = facts((await linked).detail.connection);
    await h.settle();

    // Reconnect an unlinked one.
    const unlinked = h.connectionWith('Unlinked');
    const reconnected = h.next('codat-linked');
    h.button(unlinked.id, 'reconnect')!.click();
    await authorizeIn(popups.opened.at(-1)!);
    await reconnected;
    await h.settle();

    // Refresh a linked one's data.
    const refreshed = h.next('codat-refreshed');
    h.inRow(newConnection.id, 'refresh-data-button')!.click();
    await refreshed;
    await h.settle();

    // Unlink one, delete another.
    const unlinking = h.next('codat-unlinked');
    h.button(newConnection.id, 'unlink')!.click();
    await h.waitForDialog();
    h.confirm();
    await unlinking;
    await h.settle();
    const deleting = h.next('codat-deleted');
    h.button(unlinked.id, 'delete')!.click();
    await h.waitForDialog();
    h.confirm();
    await deleting;
    await h.settle();

    // The way back from Codat in redirect mode: a second element, a token of its own.
    const { companyId, connections } = await stackCompany();
    const back = connections.find((row) => row.status === 'Linked')!;
    stubs.address({ statusCode: '200', connectionId: back.id, companyId });
    const fromReturn = seen.length; // the test's own replaceState, putting Codat's parameters in the address, is before
    const returned = new Promise((resolve) => document.addEventListener('codat-linked', resolve, { once: true }));
    await mountOnStack({ prepare: false, attributes: { 'link-mode': 'redirect' } });
    await returned;

    expect(tokens.length, 'tokens issued in the session').to.be.at.least(2);
    expect(leaks(seen, tokens)).to.deep.equal([]);
    // The sinks were really watched: popups were opened with their URLs, requests were made.
    expect(popups.calls.length).to.equal(2);
    expect(leaks([{ where: 'window.open', value: popups.calls }], tokens)).to.deep.equal([]);
    expect(seen.filter(({ where }) => where === 'request URL').length).to.be.above(5);
    // Nothing was stored at all, and the one history entry is the return address without Codat's parameters.
    expect(seen.filter(({ where }) => ['Storage.setItem', 'document.cookie', 'history.pushState', 'BroadcastChannel'].includes(where))).to.deep.equal([]);
    const replaced = seen
      .slice(fromReturn)
      .filter(({ where }) => where === 'history.replaceState')
      .map(({ value }) => (value as unknown[])[2]);
    expect(replaced.map((url) => new URL(String(url), location.href).search)).to.deep.equal(['?keep=1']);
    for (const storage of [localStorage, sessionStorage]) {
      expect(leaks([{ where: 'storage', value: Object.entries(storage) }], tokens)).to.deep.equal([]);
    }
  }).timeout(60_000);
});
