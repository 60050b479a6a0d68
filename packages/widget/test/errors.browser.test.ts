// <codat-connections> errors: the list's error state and its Retry, failed row actions, unsafe
// link URLs, an expired token, a signed-out user, and a connection's own data connection errors.
// The user reads catalogue words; the error itself is for the developer, in codat-error.
import { expect } from '@open-wc/testing';
import type { TokenGrant, TokenProvider } from '@codat-connections/core';
import { connection, view } from '../../../test/helpers/fixtures.js';
import { memoryClient, type MemoryClient } from '../../../test/helpers/memory-client.js';
import { failure, memorySource } from '../../../test/helpers/memory-source.js';
import { mount, mountOnStack, mountWithClient, shownText, stackClientWhere, stubs, tokenUrl, type Harness } from '../../../test/helpers/harness.js';
import { callApi } from '../../../test/helpers/browser.js';

describe('<codat-connections>', () => {
  describe('errors', () => {
    it('shows the error with a Retry button that recovers', async () => {
      const h = await mountOnStack({ faults: { forceStatus: { status: 500, count: 20 } }, until: 'error' });
      const { detail } = h.event!;
      expect(detail.operation).to.equal('list');
      // Words for the user; the error itself is for the developer, in the event.
      expect(h.part('error')!.textContent).to.contain('could not be loaded').and.contain('Something went wrong');
      expect(h.part('error')!.textContent).not.to.contain(detail.error.message);
      await stubs.faults({});
      const ready = h.next('codat-ready');
      h.part('retry-button')!.click();
      await ready;
      await h.el.updateComplete;
      expect(h.rows().length).to.be.greaterThan(0);
    });

    it('a 401 on reading the list again says the user may be signed out, and keeps the rows', async () => {
      let signedOut = false;
      const source = memorySource([view(1), view(2)]);
      const list = source.list.bind(source);
      source.list = (request) => (signedOut ? Promise.reject(failure('list', 'unauthorized', 401)) : list(request));
      const h = await mount({ properties: { source } });
      signedOut = true;
      const error = h.next('codat-error');
      h.part('refresh-button')!.click();
      await error;
      const notice = await h.waitFor(() => h.part('notice'), 'the notice');
      expect(notice.textContent).to.contain('You may have been signed out');
      expect(h.part('notice-retry'), 'Retry is offered').to.exist;
      expect(h.rowIds()).to.deep.equal(['c1', 'c2']);
    });

    it('explains that the user is not signed in', async () => {
      const h = await mountOnStack({ user: null, until: 'error' });
      const { detail } = h.event!;
      expect(detail.operation).to.equal('list');
      expect((detail.error as Error & { code?: string }).code).to.equal('unauthorized');
      expect(h.part('error')!.textContent).to.contain('You may have been signed out');
    });

    it('leaves the row unchanged when an unlink fails', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true } });
      const target = h.connectionWith('Linked');
      await stubs.faults({ forceStatus: { status: 400, count: 5 } });
      const error = h.next('codat-error');
      h.button(target.id, 'unlink')!.click();
      const { detail } = await error;
      expect(detail.operation).to.equal('unlink');
      await h.el.updateComplete;
      expect(h.statusText(target.id)).to.equal('Linked');
      await h.waitFor(() => h.button(target.id, 'unlink'), 'the Unlink button back');
      expect(h.announcement()).to.equal(`${target.name} could not be unlinked. Please try again.`).and.not.contain(detail.error.message);
      expect(h.inRow(target.id, 'row-message')?.textContent).to.contain(`${target.name} could not be unlinked.`);
    });

    it('tells the user that linking failed, and the developer why, when a link URL is not safe to open', async () => {
      // Link pages on plain http on a public host.
      const client = stackClientWhere((connections) => connections.forEach((row) => (row.linkUrl = `http://codat.example/link/${row.id}`)));
      const h = await mountOnStack({ attributes: { 'token-url': null }, properties: { client } });
      const popups = stubs.popups();
      const error = h.next('codat-error');
      h.button(h.connectionWith('Unlinked').id, 'reconnect')!.click();
      const { detail } = await error;
      expect(detail.operation).to.equal('link');
      expect(detail.error.message).to.contain('http://codat.example');
      await h.waitForAnnouncement('Linking failed. Please try again.');
      expect(h.announcement()).to.equal('Linking failed. Please try again.');
      expect(popups.opened).to.deep.equal([]);
    });

    it('survives token expiry mid-session without a remount', async () => {
      // Grants from the real token endpoint. While the element loads, each expires at once. Then,
      // mid-session: the held grant has expired, the next is rejected by the server (a 401, as for a
      // token that expired server-side), and the one after is good.
      let midSession = false;
      let grants = 0;
      const tokenProvider: TokenProvider = async ({ signal }) => {
        // Decided when asked, not when answered: a grant asked for during the load may be answered after it.
        const asked = midSession ? ++grants : 0;
        const response = await fetch(tokenUrl, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
          body: '{}',
          ...(signal ? { signal } : {}),
        });
        const grant: TokenGrant = await response.json();
        if (!asked) return { ...grant, expiresIn: 0.001 };
        if (asked === 1) return { ...grant, accessToken: `${grant.accessToken.slice(0, -6)}AAAAAA` };
        return grant;
      };
      // Live updates off: following changes reads the list on its own, and a read that asked for its
      // grant before mid-session would lend that grant to the unlink, which then asks for none.
      const h = await mountOnStack({ attributes: { 'token-url': null, 'no-confirm': true, live: 'off' }, properties: { tokenProvider } });
      midSession = true;
      const target = h.connectionWith('Linked');
      const unlinked = h.next('codat-unlinked');
      h.button(target.id, 'unlink')!.click();
      await unlinked;
      await h.el.updateComplete;
      expect(h.statusText(target.id)).to.equal('Unlinked');
      expect(grants).to.equal(2);
    });

    it('ends the wait for a token function that never answers after token-timeout, and Retry asks it again', async () => {
      let calls = 0;
      const real: TokenProvider = async () => {
        const response = await fetch(tokenUrl, { method: 'POST', credentials: 'include', headers: { 'X-Requested-With': 'codat-connections' } });
        return (await response.json()) as TokenGrant;
      };
      // The first call hangs, as a partner's fetch without a time limit may.
      const tokenProvider: TokenProvider = (context) => (++calls === 1 ? new Promise<never>(() => {}) : real(context));
      const h = await mountOnStack({ attributes: { 'token-url': null, 'token-timeout': 200 }, properties: { tokenProvider }, until: 'error' });
      expect(h.event!.detail.operation).to.equal('list');
      expect((h.event!.detail.error as Error & { code?: string }).code).to.equal('timeout');
      const ready = h.next('codat-ready');
      h.part('retry-button')!.click();
      await ready;
      await h.el.updateComplete;
      expect(h.rows().length).to.be.greaterThan(0);
      expect(calls).to.equal(2);
    });

    it('says when to try again after a 429 asking for a wait longer than the client sits out', async () => {
      const shown: Record<string, string> = {};
      for (const code of ['rate_limited', 'server_error']) {
        const client = memoryClient([connection(1)], { late: ['list'] });
        const mounting = mount({ properties: { client }, until: 'error' });
        await (await client.nextHeld('list')).fail(Object.assign(new Error(`list: ${code}`), { code, retryAfter: 3600 }));
        const h = await mounting;
        shown[code] = h.part('error')!.textContent!.replace(/\s+/g, ' ').trim();
        expect(h.part('retry-button'), `${code}: Retry stays`).to.exist;
        h.el.remove();
      }
      expect(shown).to.deep.equal({
        rate_limited: 'Connections could not be loaded. Too many requests. Try again in 60 minutes. Retry',
        // Only a 429 is about asking too often; a 503's Retry-After is the service's own business.
        server_error: 'Connections could not be loaded. Something went wrong. Please try again. Retry',
      });
    });

    describe('back online', () => {
      const failure = (code: string) => Object.assign(new Error(`list failed: ${code}`), { code });
      /** An element whose first list failed with `code`; its later lists answer at once. */
      async function failedFirst(code: string): Promise<{ h: Harness; client: MemoryClient }> {
        const client = memoryClient([connection(1), connection(2)], { late: ['list'] });
        const mounting = mount({ properties: { client }, until: 'error' });
        await (await client.nextHeld('list')).fail(failure(code));
        client.answerLate('list', false);
        return { h: await mounting, client };
      }
      const lists = (client: MemoryClient) => client.calls.filter((call) => call.startsWith('list')).length;

      it('reads the list again when the browser is back online after the network failed it, leaving focus where it is', async () => {
        for (const code of ['network_error', 'timeout']) {
          const { h } = await failedFirst(code);
          expect(h.part('retry-button'), code).to.exist;
          const ready = h.next('codat-ready');
          window.dispatchEvent(new Event('online'));
          await ready;
          await h.el.updateComplete;
          expect(h.rows().length, code).to.equal(2);
          expect(document.activeElement, 'nothing took focus').to.equal(document.body);
          h.el.remove();
        }
      });

      it("goes on from the error state's Retry to the first row when focus was on it", async () => {
        const { h } = await failedFirst('network_error');
        h.part('retry-button')!.focus();
        const ready = h.next('codat-ready');
        window.dispatchEvent(new Event('online'));
        await ready;
        await h.waitFor(() => h.focused() === h.rows()[0], 'focus on the first row');
      });

      it('does not read again for a failure the network did not cause, nor once the element is gone', async () => {
        const { h, client } = await failedFirst('forbidden');
        window.dispatchEvent(new Event('online'));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(lists(client), 'after a refusal').to.equal(1);
        const gone = await failedFirst('network_error');
        gone.h.el.remove();
        window.dispatchEvent(new Event('online'));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(lists(gone.client), 'once removed').to.equal(1);
        expect(h.part('retry-button')).to.exist;
      });
    });

    describe('data connection errors', () => {
      it("lists a row's active errors with their message and time, and never resolved ones", async () => {
        const h = await mountOnStack();
        // The seed: ugxp and cnpl have one active error each; rvtn and hcuq only resolved ones.
        for (const [key, message] of [
          ['ugxp', 'The bank did not respond; Codat will retry the next sync.'],
          ['cnpl', 'Access to the store was revoked; link the connection again.'],
        ] as const) {
          // The seed dates its errors relative to the emulator's clock: the time is Codat's own.
          const codat = await (await callApi(`connections/${h.connectionOf(key).id}`)).json();
          const erroredOn = codat.dataConnectionErrors[0].erroredOnUtc;
          const errors = h.inRow(h.connectionOf(key).id, 'errors')!;
          expect(errors, key).to.exist;
          expect(errors.querySelector('summary')!.textContent!.trim()).to.equal('1 error');
          const items = [...errors.querySelectorAll('li')];
          expect(items).to.have.length(1);
          expect(items[0]!.textContent).to.contain(message);
          const time = items[0]!.querySelector('time')!;
          expect(time.getAttribute('datetime')).to.equal(erroredOn);
          expect(time.textContent!.trim()).not.to.equal('');
        }
        for (const key of ['rvtn', 'hcuq', 'gbol']) {
          expect(h.inRow(h.connectionOf(key).id, 'errors'), key).not.to.exist;
        }
      });

      it('counts an error without status and resolvedOnUtc as active, and no other', async () => {
        const erroredOnUtc = new Date(Date.now() - 2 * 3_600_000).toISOString();
        const resolvedOnUtc = new Date(Date.now() - 3_600_000).toISOString();
        const client = memoryClient([
          connection(1, {
            dataConnectionErrors: [
              { errorMessage: 'Unknown state, unresolved', erroredOnUtc },
              { errorMessage: 'Unknown state, resolved', erroredOnUtc, resolvedOnUtc },
              { errorMessage: 'Marked resolved', status: 'Resolved', erroredOnUtc, resolvedOnUtc },
              { errorMessage: 'Marked active', status: 'Active', erroredOnUtc },
            ],
          }),
          connection(2, { dataConnectionErrors: [{ errorMessage: 'Only resolved', status: 'Resolved', resolvedOnUtc }] }),
          connection(3, { dataConnectionErrors: null }),
        ]);
        const h = await mountWithClient(client);
        const errors = h.inRow(connection(1).id, 'errors')!;
        expect(errors.querySelector('summary')!.textContent!.trim()).to.equal('2 errors');
        const messages = [...errors.querySelectorAll('li')].map(shownText);
        expect(messages).to.have.length(2);
        expect(messages[0]).to.match(/^Unknown state, unresolved 2 hours ago$/);
        expect(messages[1]).to.match(/^Marked active 2 hours ago$/);
        expect(h.inRow(connection(2).id, 'errors')).not.to.exist;
        expect(h.inRow(connection(3).id, 'errors')).not.to.exist;
      });
    });
  });
});
