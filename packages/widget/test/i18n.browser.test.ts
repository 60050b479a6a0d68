// <codat-connections> i18n: the locale (attribute, nearest lang, document lang), every catalogue,
// `strings` overrides, and dates formatted with Intl in the current locale.
import { expect } from '@open-wc/testing';
import { connection, memoryClient } from '../../../test/helpers/memory-client.js';
import { mountOnStack, mountWithClient, stubs, type CodatConnections } from '../../../test/helpers/harness.js';

const exactTime = (time: HTMLTimeElement, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(time.dateTime));

describe('<codat-connections>', () => {
  describe('i18n', () => {
    for (const [locale, title, linked] of [
      ['fr', 'Connexions', 'Connectée'],
      ['de', 'Verbindungen', 'Verbunden'],
      ['es', 'Conexiones', 'Conectada'],
      ['nl', 'Koppelingen', 'Gekoppeld'],
    ] as const) {
      it(`is accessible and renders in ${locale}`, async () => {
        const h = await mountOnStack({ attributes: { locale } });
        await h.waitForTitle(title);
        expect(h.statusBadges('linked')[0]!.textContent).to.equal(linked);
        await expect(h.el).to.be.accessible();
      });
    }

    it("takes the nearest ancestor's lang over the document's", async () => {
      stubs.documentLang('fr');
      const h = await mountWithClient(memoryClient([connection(1)]), { within: '<div lang="nl"><div lang="de"></div></div>', until: 'rendered' });
      await h.waitForTitle('Verbindungen');
      expect(h.part('base')!.getAttribute('lang')).to.equal('de');
    });

    it("falls back to the document's lang", async () => {
      stubs.documentLang('nl');
      const h = await mountWithClient(memoryClient([connection(1)]), { until: 'rendered' });
      await h.waitForTitle('Koppelingen');
      expect(h.part('base')!.getAttribute('lang')).to.equal('nl');
    });

    it('takes the locale attribute over any lang', async () => {
      stubs.documentLang('nl');
      const h = await mountWithClient(memoryClient([connection(1)]), { attributes: { locale: 'es' }, within: '<div lang="de"></div>', until: 'rendered' });
      await h.waitForTitle('Conexiones');
    });

    it('uses the nearest lang and formats dates with Intl', async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), { within: '<div lang="de"></div>', until: 'rendered' });
      await h.waitFor(() => h.linkButton()?.textContent?.includes('Neue Verbindung'), 'German text');
      const [row] = await h.waitForRows(1);
      const time = row!.querySelector('time')!;
      expect(time.textContent).to.equal(new Intl.RelativeTimeFormat('de', { numeric: 'auto' }).format(-3, 'day'));
      // The exact time is formatted when the date is first hovered, or its row gets focus.
      expect(time.title).to.equal('');
      row!.querySelector<HTMLElement>('button:not([hidden])')!.focus();
      const exact = exactTime(time, 'de');
      expect(time.title).to.equal(exact);
      expect(time.dataset['exact']).to.equal(exact);
    });

    it('gives the exact time in the current locale once the locale changes', async () => {
      const h = await mountOnStack({ attributes: { locale: 'en' } });
      // A time in the row that gets focus, and a time in another row, hovered.
      const [first, second] = h.rows();
      const focused = first!.querySelector<HTMLTimeElement>('time[datetime]');
      const hovered = second!.querySelector<HTMLTimeElement>('time[datetime]');
      hovered!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      first!.querySelector<HTMLElement>('button:not([hidden])')!.focus();
      expect([focused!.title, hovered!.title]).to.deep.equal([exactTime(focused!, 'en'), exactTime(hovered!, 'en')]);

      h.el.locale = 'de';
      await h.waitForTitle('Verbindungen');
      await h.el.updateComplete;
      // The focused time shows its exact time (data-exact) at once; a hovered one when hovered again.
      expect(focused!.dataset['exact']).to.equal(exactTime(focused!, 'de'));
      hovered!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      expect(hovered!.title).to.equal(exactTime(hovered!, 'de'));
    });

    it('lets `strings` override any built-in text', async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), {
        attributes: { locale: 'fr' },
        properties: { strings: { linkNew: 'Brancher', status: { Linked: 'Actif' } } as CodatConnections['strings'] },
      });
      await h.waitForTitle('Connexions');
      expect(h.linkButton()!.textContent!.trim()).to.equal('Brancher');
      expect(h.statusText(h.rows()[0]!)).to.equal('Actif');
      expect(h.part('unlink-button')!.getAttribute('aria-label')).to.equal('Déconnecter Platform 1');
    });
  });
});
