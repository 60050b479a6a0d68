// <codat-connections> linking without a popup, against the real stack on the test origin: the
// "continue in a new tab" link after a blocked popup, and link-mode="redirect".
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/codat-connections.js';
import type { CodatConnections } from '../src/index.js';
import { isOpenableUrl, type Connection } from '@codat-connections/core';
import { resetEmulator, signIn, tokenUrl, waitFor } from '../../../test/helpers/browser.js';

const shadow = (el: CodatConnections) => el.shadowRoot!;
const rowOf = (el: CodatConnections, id: string) => shadow(el).querySelector<HTMLElement>(`[part~="item"][data-id="${id}"]`);
const continueLinkOf = (el: CodatConnections, id: string) => rowOf(el, id)?.querySelector<HTMLAnchorElement>('[part~="continue-link"]');

async function mount(linkMode: 'popup' | 'redirect') {
  const ready = oneEvent(document, 'codat-ready');
  const el = await fixture<CodatConnections>(
    html`<codat-connections token-url=${tokenUrl} link-mode=${linkMode} actions="link reconnect unlink"></codat-connections>`,
  );
  await ready;
  await el.updateComplete;
  return el;
}

/** Makes `window.open` return null, as a popup blocker does. */
function blockPopups(): () => void {
  const original = window.open;
  window.open = () => null;
  return () => (window.open = original);
}

/** Wraps `window.fetch`: `rewrite` may change a JSON response body; `responses` holds every response promise by URL. */
function interceptFetch(rewrite: (body: string) => string = (body) => body) {
  const original = window.fetch;
  const responses: Array<{ method: string; url: string; response: Promise<Response> }> = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = original(input, init).then(async (answer) => {
      if (!answer.headers.get('Content-Type')?.includes('json')) return answer;
      const body = rewrite(await answer.text());
      return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
    });
    responses.push({ method: request.method, url: request.url, response });
    return response;
  };
  return { responses, restore: () => (window.fetch = original) };
}

/** Authorizes a connection the way the user does on the emulator's link page: POSTing its form. */
async function authorizeOnLinkPage(linkUrl: string): Promise<void> {
  const response = await fetch(linkUrl, { method: 'POST', body: new URLSearchParams({ decision: 'authorize' }), redirect: 'manual' });
  // 200 (the "done" page) or a redirect back to the portal; both mean the decision was taken.
  if (!(response.ok || response.type === 'opaqueredirect')) throw new Error(`authorizing answered ${response.status}`);
}

/** Follows the continue link as the user does; the new tab itself is not opened (it would outlive the test). */
function follow(link: HTMLAnchorElement): void {
  link.addEventListener('click', (event) => event.preventDefault(), { once: true });
  link.click();
}

/** Replaces the element's navigation seam; returns the URLs it was sent to. */
function captureNavigation(el: CodatConnections): string[] {
  const sent: string[] = [];
  (el as unknown as { navigate(url: string): void }).navigate = (url) => sent.push(url);
  return sent;
}

describe('<codat-connections> link fallbacks', () => {
  let restorers: Array<() => void> = [];

  beforeEach(async () => {
    await resetEmulator();
    await signIn('admin');
  });

  afterEach(() => {
    restorers.forEach((restore) => restore());
    restorers = [];
  });

  describe('blocked popup', () => {
    it('checks the connection again when the user comes back, and shows it Linked once authorized', async () => {
      const el = await mount('popup');
      restorers.push(blockPopups());
      const started = oneEvent(el, 'codat-link-started');
      void el.link('gbol');
      const { connection } = (await started).detail as { connection: Connection };
      const link = await waitFor(() => continueLinkOf(el, connection.id), 'the continue link');
      expect(link.href).to.equal(connection.linkUrl);

      follow(link);
      await authorizeOnLinkPage(link.href);
      const linked = oneEvent(el, 'codat-linked');
      window.dispatchEvent(new Event('focus'));
      const { detail } = await linked;

      expect(detail.connection.id).to.equal(connection.id);
      expect(detail.connection.status).to.equal('Linked');
      await el.updateComplete;
      expect(rowOf(el, connection.id)!.querySelector('[part~="status"]')!.getAttribute('part')).to.contain('status-linked');
      expect(continueLinkOf(el, connection.id)).to.equal(null);
      expect(el.connections.find((row) => row.id === connection.id)?.status).to.equal('Linked');
    });

    it('keeps offering the link when the user comes back before authorizing', async () => {
      const el = await mount('popup');
      restorers.push(blockPopups());
      const started = oneEvent(el, 'codat-link-started');
      void el.link('gbol');
      const { connection } = (await started).detail as { connection: Connection };
      let linkedEvents = 0;
      el.addEventListener('codat-linked', () => linkedEvents++);

      const fetches = interceptFetch();
      restorers.push(fetches.restore);
      follow(await waitFor(() => continueLinkOf(el, connection.id), 'the continue link'));
      window.dispatchEvent(new Event('focus'));
      const check = await waitFor(
        () => fetches.responses.find((entry) => entry.method === 'GET' && entry.url.endsWith(`/connections/${connection.id}`)),
        'the check on return',
      );
      await check.response;
      await el.updateComplete;
      expect(linkedEvents).to.equal(0);
      const link = continueLinkOf(el, connection.id);
      expect(link, 'the continue link is still offered').to.exist;

      // The user follows it again, authorizes this time, and comes back.
      follow(link!);
      await authorizeOnLinkPage(link!.href);
      const linked = oneEvent(el, 'codat-linked');
      window.dispatchEvent(new Event('focus'));
      expect((await linked).detail.connection.id).to.equal(connection.id);
      expect(linkedEvents).to.equal(1);
    });
  });

  describe('link-mode="redirect"', () => {
    it('sends the page to the link URL of the connection it reconnects', async () => {
      const el = await mount('redirect');
      const sent = captureNavigation(el);
      const unlinked = el.connections.find((connection) => connection.status === 'Unlinked')!;
      const started = oneEvent(el, 'codat-link-started');
      rowOf(el, unlinked.id)!.querySelector<HTMLElement>('[part~="reconnect-button"]:not([hidden])')!.click();
      expect((await started).detail.connection.id).to.equal(unlinked.id);
      await waitFor(() => sent.length, 'the navigation');
      expect(sent).to.deep.equal([unlinked.linkUrl]);
      expect(isOpenableUrl(sent[0]!)).to.equal(true);
    });

    it('creates the connection, then sends the page to its link page', async () => {
      const el = await mount('redirect');
      const sent = captureNavigation(el);
      const started = oneEvent(el, 'codat-link-started');
      void el.link('gbol');
      const { connection } = (await started).detail as { connection: Connection };
      expect(connection.integrationKey).to.equal('gbol');
      expect(connection.status).to.equal('PendingAuth');
      await waitFor(() => sent.length, 'the navigation');
      expect(sent).to.deep.equal([connection.linkUrl]);
      expect(isOpenableUrl(sent[0]!)).to.equal(true);
      // The stack knows the new connection: its link page is served.
      expect((await fetch(sent[0]!)).status).to.equal(200);
    });

    it('never navigates to a link URL that is not https', async () => {
      // The stack's answers, with every linkUrl moved to plain http on a public host.
      const fetches = interceptFetch((body) => body.replace(/"linkUrl":"https?:\/\/[^/"]+/g, '"linkUrl":"http://codat.example'));
      restorers.push(fetches.restore);
      const el = await mount('redirect');
      const sent = captureNavigation(el);
      let startedEvents = 0;
      el.addEventListener('codat-link-started', () => startedEvents++);

      const unlinked = el.connections.find((connection) => connection.status === 'Unlinked')!;
      expect(unlinked.linkUrl).to.match(/^http:\/\/codat\.example\//);
      const reconnectError = oneEvent(el, 'codat-error');
      rowOf(el, unlinked.id)!.querySelector<HTMLElement>('[part~="reconnect-button"]:not([hidden])')!.click();
      expect((await reconnectError).detail.operation).to.equal('link');

      const createError = oneEvent(el, 'codat-error');
      await el.link('gbol');
      expect((await createError).detail.error.message).to.contain('http://codat.example');

      expect(sent).to.deep.equal([]);
      expect(startedEvents).to.equal(0);
    });
  });
});
