// <codat-connections> layout: fits a 320 px column without horizontal scrolling, in long-worded locales too.
import { expect } from '@open-wc/testing';
import { connection } from '../../../test/helpers/fixtures.js';
import { mountOnStack, mountWithClient, shownText } from '../../../test/helpers/harness.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';

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

    // Laying out a very long unbroken word in a flex row takes WebKit seconds: the element shows at
    // most 1,000 characters of any one piece of the source's text.
    it("shows at most 1,000 characters of the source's text, cut with an ellipsis", async () => {
      const long = (letter: string) => letter.repeat(100_000);
      const h = await mountWithClient(
        memoryClient([
          connection(1, {
            platformName: long('N'),
            sourceType: long('S'),
            status: long('Q') as never,
            dataConnectionErrors: [{ statusCode: '500', errorMessage: long('E'), erroredOnUtc: '2024-01-01T00:00:00Z', status: 'Active' } as never],
          }),
        ]),
      );
      const row = h.rows()[0]!;
      const text = (part: string) => shownText(row.querySelector(`[part~="${part}"]`)!);
      expect(text('name')).to.equal(`${'N'.repeat(1000)}…`);
      expect(text('meta'))
        .to.contain(`${'S'.repeat(1000)}… ·`)
        .and.not.contain('S'.repeat(1001));
      expect(text('status')).to.equal(`${'Q'.repeat(1000)}…`);
      row.querySelector('details')!.open = true;
      expect(shownText(row.querySelector('[part~="errors"] li')!))
        .to.contain(`${'E'.repeat(1000)}…`)
        .and.not.contain('E'.repeat(1001));
      // The filter still matches the whole name.
      await h.type('filter', 'N'.repeat(1500));
      expect(h.rows().map((each) => each.dataset['id'])).to.deep.equal([row.dataset['id']]);
      await h.type('filter', `${'N'.repeat(1000)}…`);
      expect(h.rows()).to.have.length(0);
    });
  });
});
