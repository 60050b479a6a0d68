// link(): Codat's link flow in a real browser. Most tests use a fake popup and a `fetch` stub
// standing in for Codat; the last one opens a real popup on the emulator's link page.
import { expect } from '@open-wc/testing';
import { createConnectionsClient, type Connection, type ConnectionsClient, type LinkOptions } from '@codat-connections/core';
import { resetEmulator, signIn, tokenUrl, waitFor } from '../../../test/helpers/browser.js';
import * as fixtures from '../../../test/helpers/fixtures.js';

const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const OTHER = '9a210b68-6988-11ed-a1eb-0242ac120002';
const BASE = 'https://codat.test';

/** The internal polling knob, beside the public options. */
type TestLinkOptions = LinkOptions & { pollInterval?: number };

interface FakePopup {
  closed: boolean;
  location: { href: string };
  close(): void;
}

const fakePopup = (): FakePopup => ({
  closed: false,
  location: { href: '' },
  close() {
    this.closed = true;
  },
});

/** The connection being linked, in `status`, with its link page at `linkUrl`. */
const connection = (status: string, linkUrl = 'https://link.codat.test/authorize'): Connection => fixtures.connection(1, { id: CONNECTION, status, linkUrl });

/** A client whose Codat is a `fetch` stub: `state.status` is what get answers; calls are counted. */
function stubbedClient(linkUrl?: string) {
  const state = { status: 'PendingAuth', gets: 0, creates: 0 };
  const client = createConnectionsClient({
    token: async () => fixtures.grant({ baseUrl: BASE }),
    fetch: async (input, init) => {
      const method = init?.method ?? 'GET';
      const url = String(input instanceof Request ? input.url : input);
      if (!url.startsWith(`${BASE}/companies/${fixtures.COMPANY}/connections`)) return new Response('', { status: 404 });
      if (method === 'POST') state.creates += 1;
      else state.gets += 1;
      const body = method === 'POST' ? connection('PendingAuth', linkUrl) : connection(state.status, linkUrl);
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    },
  });
  const link = (target: string | Connection, options: TestLinkOptions) => client.link(target, options);
  return { client, state, link };
}

const rejection = async (promise: Promise<unknown>): Promise<{ code?: string }> => {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string };
  }
  throw new Error('did not reject');
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const asWindow = (popup: FakePopup) => popup as unknown as Window;

describe('link()', () => {
  describe('opening only safe URLs', () => {
    for (const linkUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http://evil.example/authorize', 'ftp://codat.test/']) {
      it(`never opens ${linkUrl.split(':')[0]}: ${linkUrl}`, async () => {
        const { link } = stubbedClient(linkUrl);
        const popup = fakePopup();
        const error = await rejection(link(connection('PendingAuth', linkUrl), { popup: asWindow(popup) }));
        expect(error.code).to.equal('invalid_response');
        expect(popup.location.href).to.equal('');
        expect(popup.closed).to.equal(true);
      });
    }

    it('never calls window.open for a javascript: URL', async () => {
      const { link } = stubbedClient('javascript:alert(1)');
      const original = window.open;
      let opened = 0;
      window.open = () => {
        opened += 1;
        return null;
      };
      try {
        await rejection(link(connection('PendingAuth', 'javascript:alert(1)'), {}));
      } finally {
        window.open = original;
      }
      expect(opened).to.equal(0);
    });

    it('sends the popup to an https linkUrl and resolves once polling sees Linked', async () => {
      const { link, state } = stubbedClient();
      const popup = fakePopup();
      const linking = link(connection('PendingAuth'), { popup: asWindow(popup), pollInterval: 10 });
      await waitFor(() => popup.location.href, 'the popup to be sent');
      expect(popup.location.href).to.equal('https://link.codat.test/authorize');
      state.status = 'Linked';
      const linked = await linking;
      expect(linked.status).to.equal('Linked');
    });

    it('opens http on localhost', async () => {
      const { link, state } = stubbedClient('http://localhost:9/link');
      state.status = 'Linked';
      const popup = fakePopup();
      await link(connection('PendingAuth', 'http://localhost:9/link'), { popup: asWindow(popup), pollInterval: 10 });
      expect(popup.location.href).to.equal('http://localhost:9/link');
    });

    it('a blocked popup (null) fails with link_blocked', async () => {
      const { link } = stubbedClient();
      const error = await rejection(link(connection('PendingAuth'), { popup: null }));
      expect(error.code).to.equal('link_blocked');
    });
  });

  describe('messages from the return page', () => {
    it("accepts {type, connectionId} from this page's origin, checks the connection, and resolves", async () => {
      const { link, state } = stubbedClient();
      const linking = link(connection('PendingAuth'), { popup: asWindow(fakePopup()), pollInterval: 60_000 });
      state.status = 'Linked';
      window.postMessage({ type: 'codat-connections:linked', connectionId: CONNECTION }, location.origin);
      const linked = await linking;
      expect(linked.status).to.equal('Linked');
      expect(state.gets).to.equal(1);
    });

    it('ignores messages of another type or for another connection', async () => {
      const { link, state } = stubbedClient();
      let settled = false;
      const linking = link(connection('PendingAuth'), { popup: asWindow(fakePopup()), pollInterval: 60_000 }).finally(() => (settled = true));
      state.status = 'Linked';
      window.postMessage({ type: 'something-else', connectionId: CONNECTION }, location.origin);
      window.postMessage({ type: 'codat-connections:linked', connectionId: OTHER }, location.origin);
      window.postMessage('codat-connections:linked', location.origin);
      await sleep(100);
      expect(state.gets).to.equal(0);
      expect(settled).to.equal(false);
      window.postMessage({ type: 'codat-connections:linked', connectionId: CONNECTION }, location.origin);
      expect((await linking).status).to.equal('Linked');
    });
  });

  describe('ending', () => {
    it('rejects with link_cancelled when the popup closes, after one last get', async () => {
      const { link, state } = stubbedClient();
      const popup = fakePopup();
      const linking = link(connection('PendingAuth'), { popup: asWindow(popup), pollInterval: 60_000 });
      popup.closed = true;
      const error = await rejection(linking);
      expect(error.code).to.equal('link_cancelled');
      expect(state.gets).to.equal(1);
    });

    it('resolves when the last get after the popup closed says Linked', async () => {
      const { link, state } = stubbedClient();
      const popup = fakePopup();
      const linking = link(connection('PendingAuth'), { popup: asWindow(popup), pollInterval: 60_000 });
      state.status = 'Linked';
      popup.closed = true;
      expect((await linking).status).to.equal('Linked');
      expect(state.gets).to.equal(1);
    });

    it('rejects with link_timeout when nothing happens in time, and closes the popup', async () => {
      const { link } = stubbedClient();
      const popup = fakePopup();
      const error = await rejection(link(connection('PendingAuth'), { popup: asWindow(popup), timeout: 100, pollInterval: 20 }));
      expect(error.code).to.equal('link_timeout');
      expect(popup.closed).to.equal(true);
    });

    it('rejects with aborted when the signal aborts, and polls no more', async () => {
      const { link, state } = stubbedClient();
      const controller = new AbortController();
      const linking = link(connection('PendingAuth'), { popup: asWindow(fakePopup()), pollInterval: 10, signal: controller.signal });
      await waitFor(() => state.gets >= 1, 'a first poll');
      controller.abort();
      const error = await rejection(linking);
      expect(error.code).to.equal('aborted');
      const gets = state.gets;
      await sleep(100);
      expect(state.gets).to.equal(gets);
    });
  });

  describe('a platform key', () => {
    it('creates the connection, calls onConnection with it, then waits for Linked', async () => {
      const { link, state } = stubbedClient();
      const popup = fakePopup();
      const seen: Connection[] = [];
      const linking = link('gbol', { popup: asWindow(popup), pollInterval: 10, onConnection: (created) => seen.push(created) });
      await waitFor(() => seen.length, 'onConnection');
      expect(state.creates).to.equal(1);
      expect(seen[0]!.id).to.equal(CONNECTION);
      expect(seen[0]!.status).to.equal('PendingAuth');
      expect(popup.location.href).to.equal(seen[0]!.linkUrl);
      state.status = 'Linked';
      expect((await linking).id).to.equal(CONNECTION);
    });
  });

  describe("through the emulator's link page, in a real popup", () => {
    let client: ConnectionsClient;
    before(async () => {
      await resetEmulator();
      await signIn('alice');
      client = createConnectionsClient({ token: tokenUrl });
    });

    it('resolves Linked after the user clicks Authorize', async () => {
      const popup = window.open('about:blank', '_blank', 'popup,width=600,height=720');
      expect(popup, 'the browser opened a popup').to.not.equal(null);
      // Left open, the popup would keep the focus in Firefox, and the next test files' focus events with it.
      try {
        const options: TestLinkOptions = { popup, pollInterval: 200 };
        const linking = client.link('gbol', options);
        const button = await waitFor(() => {
          try {
            return popup!.document.querySelector<HTMLButtonElement>('button[value="authorize"]');
          } catch {
            return null;
          }
        }, 'the Authorize button in the popup');
        button.click();
        const linked = await linking;
        expect(linked.status).to.equal('Linked');
        expect((await client.get(linked.id)).status).to.equal('Linked');
      } finally {
        popup!.close();
      }
    });
  });
});
