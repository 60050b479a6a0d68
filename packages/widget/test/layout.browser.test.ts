// <codat-connections> layout: fits a 320 px column without horizontal scrolling, in long-worded locales too.
import { expect } from '@open-wc/testing';
import { mountOnStack } from '../../../test/helpers/harness.js';

describe('<codat-connections>', () => {
  describe('layout', () => {
    for (const locale of ['en', 'de']) {
      it(`fits 320 px without horizontal scrolling (${locale})`, async () => {
        const h = await mountOnStack({ attributes: { locale, actions: 'link reconnect unlink delete' }, within: '<div style="width: 320px"></div>' });
        await h.waitFor(() => h.part('base')!.getAttribute('lang') === locale, `the ${locale} catalogue`);
        await h.el.updateComplete;
        h.root.querySelectorAll('details').forEach((details) => (details.open = true));
        await h.settle();
        const overflowing = [h.el, h.part('base')!, h.part('header')!, h.part('list')!, ...h.rows(), ...h.parts('actions')]
          .filter((node) => node.scrollWidth > node.clientWidth)
          .map((node) => `${node.getAttribute('part') ?? node.localName} (${node.scrollWidth} > ${node.clientWidth})`);
        expect(overflowing).to.deep.equal([]);
        expect(h.el.getBoundingClientRect().width).to.be.at.most(320);
      });
    }
  });
});
