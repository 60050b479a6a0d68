// <codat-connections> set up wrongly: each mistake shows the error state to the user, and tells
// the developer what is wrong and how to fix it (a codat-error with a code, a console warning
// naming the attribute), also when it happened before the page's listener was added (`error`).
import { expect, fixture } from '@open-wc/testing';
import { harnessFor, mount, mountOnStack, prepareStack, stubs, tokenUrl, waitFor, type CodatConnections } from '../../../test/helpers/harness.js';

const noSourceMessage =
  '<codat-connections>: nothing to load from: set token-url to your token endpoint (e.g. token-url="/api/codat/token", see @codat-connections/server), or the client, tokenProvider or source property';

/** The error state's words for the user. */
const errorText = (el: CodatConnections): string => el.shadowRoot!.querySelector('[part~="error"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<codat-connections>', () => {
  describe('misconfiguration', () => {
    it('without token-url, client, tokenProvider or source: the error state, a codat-error and a warning naming token-url', async () => {
      const warnings = stubs.console('warn');
      const h = await mount({ until: 'error' });
      const { error, operation } = h.event!.detail;
      expect(operation).to.equal('list');
      expect(error.code).to.equal('invalid_argument');
      expect(error.message).to.equal(noSourceMessage);
      expect(warnings).to.deep.equal([[noSourceMessage]]);
      expect(h.el.error).to.equal(error);
      expect(errorText(h.el)).to.equal('Connections could not be loaded. Something went wrong. Please try again.');
      // Retrying cannot help until the page sets something to load from.
      expect(h.part('retry-button')).to.equal(null);
      await expect(h.el).to.be.accessible();
    });

    it('a source set by a script that runs after the first update (a module script, an effect) is no misconfiguration', async () => {
      const warnings = stubs.console('warn');
      await prepareStack();
      const h = await mount({ until: 'rendered' });
      const errors = h.record('codat-error');
      const ready = h.next('codat-ready');
      h.el.tokenUrl = tokenUrl;
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      expect(h.el.error).to.equal(undefined);
    });

    it('loads as soon as token-url is set, and the error is gone', async () => {
      stubs.console('warn');
      await prepareStack();
      const h = await mount({ until: 'error' });
      const ready = h.next('codat-ready');
      h.el.tokenUrl = tokenUrl;
      await ready;
      expect(h.el.error).to.equal(undefined);
      expect(h.part('error')).to.equal(null);
      expect(h.rows().length).to.be.greaterThan(0);
    });

    for (const pageSize of ['0', '5001', '2.5', 'ten']) {
      it(`page-size="${pageSize}": the error state, a codat-error and a warning naming page-size, and no request`, async () => {
        const warnings = stubs.console('warn');
        await prepareStack();
        const fetches = stubs.fetches();
        const h = await mountOnStack({ prepare: false, attributes: { 'page-size': pageSize }, until: 'error' });
        const { error } = h.event!.detail;
        const message = `<codat-connections>: page-size="${pageSize}" is not a whole number from 1 to 5000: set one, or remove page-size for the default 50`;
        expect(error.code).to.equal('invalid_argument');
        expect(error.message).to.equal(message);
        expect(warnings).to.deep.equal([[message]]);
        expect(h.el.error).to.equal(error);
        expect(errorText(h.el)).to.contain('Connections could not be loaded.');
        expect(fetches.calls.filter((call) => new URL(call.url).pathname.endsWith('/connections'))).to.deep.equal([]);
      });
    }

    it("a refused Codat API key: one request per operation, and the error names the server's apiKey option", async () => {
      await prepareStack();
      // Codat answers 401 to the handler's calls with its API key.
      await stubs.faults({ forceStatus: { status: 401, count: 10 } });
      const fetches = stubs.fetches();
      const h = await mountOnStack({ prepare: false, until: 'error' });
      const { error } = h.event!.detail;
      expect(error.status).to.equal(502);
      expect(error.canBeRetried).to.equal(false);
      expect(error.message).to.match(/: Codat refused the server's API key \(401\): check the handler's `apiKey` option$/);
      expect(errorText(h.el)).to.equal('Connections could not be loaded. Something went wrong. Please try again. Retry');
      await waitFor(() => h.el.shadowRoot!.querySelector('[part~="retry-button"]'), 'the error state');
      const paths = fetches.calls.map((call) => new URL(call.url).pathname).filter((path) => !path.endsWith('/token'));
      expect(paths.filter((path) => path.endsWith('/connections'))).to.have.length(1);
      expect(paths.filter((path) => path.endsWith('/integrations'))).to.have.length(1);
    });

    describe('an error raised before the page listens', () => {
      it('an element in the HTML that fails before any listener is added keeps the error in `error`', async () => {
        stubs.console('warn');
        const holder = await fixture<HTMLDivElement>(`<div><codat-connections token-url=${tokenUrl} page-size="0"></codat-connections></div>`);
        const el = holder.querySelector('codat-connections')!;
        // The page's script runs later, once the element has failed.
        await waitFor(() => el.error, 'the error');
        expect((el.error as Error & { code?: string }).code).to.equal('invalid_argument');
        expect(el.error!.message).to.contain('page-size="0"');
        expect(harnessFor(el).part('error')).to.exist;
      });

      it('a token endpoint answering 401 (nobody signed in) is in `error` too', async () => {
        await prepareStack(null);
        const holder = await fixture<HTMLDivElement>(`<div><codat-connections token-url=${tokenUrl}></codat-connections></div>`);
        const el = holder.querySelector('codat-connections')!;
        await waitFor(() => el.error, 'the error');
        expect((el.error as Error & { code?: string }).code).to.equal('unauthorized');
        expect(errorText(el)).to.contain('You may have been signed out');
      });

      it('an element configured wrongly before it is connected says so only once connected, to a listener added then', async () => {
        stubs.console('warn');
        const el = document.createElement('codat-connections');
        el.setAttribute('page-size', '0');
        const early: Event[] = [];
        el.addEventListener('codat-error', (event) => early.push(event));
        await new Promise((resolve) => requestAnimationFrame(resolve));
        expect(early).to.deep.equal([]);
        expect(el.error).to.equal(undefined);
        const holder = await fixture<HTMLDivElement>('<div></div>');
        holder.append(el);
        // Added after connecting, in the same task: it still hears the error.
        const heard: CustomEvent[] = [];
        document.addEventListener('codat-error', (event) => heard.push(event as CustomEvent), { once: true });
        await waitFor(() => heard.length, 'the codat-error');
        expect(heard[0]!.target).to.equal(el);
        expect(heard[0]!.detail.error.code).to.equal('invalid_argument');
      });
    });
  });
});
