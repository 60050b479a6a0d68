// <codat-connections> features that load on first use (the confirmation dialog, unlink and delete,
// the link flow, Refresh data) when their chunk cannot be fetched: the network went away after the
// page loaded. The row says its action failed, with Retry; `codat-error` carries a ConnectionsError
// with code `network_error`, as for a request that could not be sent; nothing is left busy and the
// page gets no unhandled rejection. Each test loads the element afresh in a frame (under a URL no
// page has loaded), so that its features are fetched then, and fail.
import { expect } from '@open-wc/testing';
import { failModules } from '../../../test/helpers/browser.js';
import { view } from '../../../test/helpers/fixtures.js';
import { memorySource } from '../../../test/helpers/memory-source.js';
import { harnessFor, stubs, waitFor, type CodatConnections, type Harness } from '../../../test/helpers/harness.js';

let frames = 0;

/** The element in a frame of its own, loaded from `/fresh-N/`, with a source over two rows, once its rows are shown. */
async function freshElement(attributes: string): Promise<{ h: Harness; rejections: unknown[] }> {
  const frame = document.createElement('iframe');
  const id = `${Date.now()}${frames++}`;
  frame.srcdoc = `<!doctype html><script type="module" src="/fresh-${id}/packages/widget/src/codat-connections.ts"></script>`;
  document.body.append(frame);
  stubs.add(() => frame.remove());
  await waitFor(() => frame.contentWindow?.customElements.get('codat-connections'), 'the element defined in the frame');
  const win = frame.contentWindow!;
  const rejections: unknown[] = [];
  win.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    rejections.push(event.reason);
  });
  const el = win.document.createElement('codat-connections') as CodatConnections;
  el.setAttribute('actions', 'link reconnect unlink delete refresh');
  for (const name of attributes.split(' ').filter(Boolean)) el.setAttribute(name, '');
  el.source = memorySource([view(1), view(2, { state: 'disconnected', status: 'Unlinked' })]);
  win.document.body.append(el);
  const h = harnessFor(el);
  await waitFor(() => h.rows().length === 2, 'the rows');
  return { h, rejections };
}

async function offline(pattern: string): Promise<void> {
  await failModules(pattern);
  stubs.add(() => failModules(null));
}

async function expectFailedOffline(h: Harness, rowId: string, operation: string, error: Promise<CustomEvent>, rejections: unknown[]): Promise<void> {
  const { detail } = await error;
  expect(detail.operation).to.equal(operation);
  expect((detail.error as Error & { code?: string }).code, detail.error.message).to.equal('network_error');
  await waitFor(() => h.part('row-message', h.row(rowId)!), 'the row message');
  expect(h.busy(rowId), 'nothing left busy').to.equal(false);
  expect(h.part('row-message-retry', h.row(rowId)!), 'Retry is offered').to.exist;
  await new Promise((resolve) => setTimeout(resolve));
  expect(rejections.map(String)).to.deep.equal([]);
}

describe('<codat-connections>', () => {
  describe('features loaded on first use, offline', () => {
    it('an unlink whose confirmation dialog cannot be fetched fails on its row, typed, with Retry', async () => {
      const { h, rejections } = await freshElement('');
      await offline('/fresh-.*dialog');
      const error = h.next('codat-error');
      h.button('c1', 'unlink')!.click();
      await expectFailedOffline(h, 'c1', 'unlink', error, rejections);
      expect(h.part('row-message', h.row('c1')!)!.textContent).to.contain('could not be unlinked');
    });

    for (const [action, rowId, pattern] of [
      ['unlink', 'c1', 'unlink-delete'],
      ['delete', 'c1', 'unlink-delete'],
      ['reconnect', 'c2', 'features/link'],
    ] as const) {
      it(`${action}: a feature chunk that cannot be fetched is a network_error on the row`, async () => {
        const { h, rejections } = await freshElement('no-confirm');
        await offline(`/fresh-.*${pattern}`);
        const error = h.next('codat-error');
        h.button(rowId, action)!.click();
        await expectFailedOffline(h, rowId, action === 'reconnect' ? 'link' : action, error, rejections);
      });
    }

    it('a language whose catalogue cannot be fetched keeps the text shown, and the page gets no unhandled rejection', async () => {
      const { h, rejections } = await freshElement('');
      await offline('/fresh-.*strings/fr');
      h.el.locale = 'fr';
      await h.el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(h.part('link-button')!.textContent!.trim()).to.equal('Link a new connection');
      expect(rejections.map(String)).to.deep.equal([]);
    });

    it('Refresh data: a feature chunk that cannot be fetched is a network_error on the row', async () => {
      const { h, rejections } = await freshElement('no-confirm');
      await offline('/fresh-.*refresh-data');
      const error = h.next('codat-error');
      h.inRow('c1', 'refresh-data-button')!.click();
      await expectFailedOffline(h, 'c1', 'refresh', error, rejections);
    });
  });
});
