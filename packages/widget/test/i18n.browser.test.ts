// <codat-connections> i18n: the locale (attribute, nearest lang, document lang) and its changes, every
// catalogue, `strings` overrides, and dates formatted with Intl in the same locale as the text.
import { expect } from '@open-wc/testing';
import { connection } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';
import { mountOnStack, mountWithClient, shownText, stubs, type CodatConnections } from '../../../test/helpers/harness.js';

const exactTime = (time: HTMLTimeElement, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(time.dateTime));

describe('<codat-connections>', () => {
  describe('i18n', () => {
    for (const [locale, title, linked] of [
      ['fr', 'Connexions', 'Connectée'],
      ['de', 'Verbindungen', 'Verbunden'],
      ['es', 'Conexiones', 'Conectada'],
      ['nl', 'Koppelingen', 'Gekoppeld'],
      ['it', 'Connessioni', 'Collegata'],
      ['pt', 'Conexões', 'Vinculada'],
      ['ja', '接続', '接続済み'],
      ['pl', 'Połączenia', 'Połączone'],
      ['sv', 'Anslutningar', 'Ansluten'],
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
      expect(shownText(time)).to.equal(new Intl.RelativeTimeFormat('de', { numeric: 'auto' }).format(-3, 'day'));
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

    const relative = (locale: string) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-3, 'day');
    const meta = (row: Element) => shownText(row.querySelector('[part="meta"]')!);

    it("follows a change of the document's lang after the first render: text and dates", async () => {
      stubs.documentLang('en');
      const h = await mountWithClient(memoryClient([connection(1)]), { until: 'rendered' });
      const [row] = await h.waitForRows(1);
      expect(shownText(row!.querySelector('time')!)).to.equal(relative('en'));

      document.documentElement.lang = 'de';
      await h.waitForTitle('Verbindungen');
      await h.el.updateComplete;
      expect(shownText(h.rows()[0]!.querySelector('time')!)).to.equal(relative('de'));
      expect(h.part('base')!.getAttribute('lang')).to.equal('de');
    });

    it("follows a change of an ancestor's lang, and of its own, after the first render", async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), { within: '<section lang="fr"><div></div></section>', until: 'rendered' });
      await h.waitForTitle('Connexions');
      h.el.closest('section')!.setAttribute('lang', 'sv');
      await h.waitForTitle('Anslutningar');
      await h.el.updateComplete;
      expect(shownText(h.rows()[0]!.querySelector('time')!)).to.equal(relative('sv'));

      h.el.setAttribute('lang', 'ja');
      await h.waitForTitle('接続');
      await h.el.updateComplete;
      expect(shownText(h.rows()[0]!.querySelector('time')!)).to.equal(relative('ja'));
    });

    it('keeps the locale attribute over a later lang change', async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), { attributes: { locale: 'es' }, within: '<div lang="de"></div>', until: 'rendered' });
      await h.waitForTitle('Conexiones');
      h.el.parentElement!.setAttribute('lang', 'it');
      await h.el.updateComplete;
      expect(h.part('base')!.getAttribute('lang')).to.equal('es');
      expect(shownText(h.rows()[0]!.querySelector('time')!)).to.equal(relative('es'));
      // Without the attribute, the ancestor's lang as it is now.
      h.el.removeAttribute('locale');
      await h.waitForTitle('Connessioni');
    });

    it('shows an unsupported locale in English, text and dates alike', async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), { within: '<div lang="de"></div>', until: 'rendered' });
      await h.waitForTitle('Verbindungen');
      h.el.locale = 'hu';
      await h.waitForTitle('Connections');
      await h.el.updateComplete;
      const [row] = h.rows();
      expect(shownText(row!.querySelector('time')!)).to.equal(relative('en'));
      expect(h.part('base')!.getAttribute('lang')).to.equal('en');
      row!.querySelector<HTMLElement>('button:not([hidden])')!.focus();
      const time = row!.querySelector('time')!;
      expect(time.dataset['exact']).to.equal(exactTime(time, 'en'));
    });

    it("gives a region's dates beside its language's text (pt-BR)", async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), { attributes: { locale: 'pt-BR' }, until: 'rendered' });
      await h.waitForTitle('Conexões');
      const [row] = await h.waitForRows(1);
      row!.querySelector<HTMLElement>('button:not([hidden])')!.focus();
      const time = row!.querySelector('time')!;
      expect(time.dataset['exact']).to.equal(exactTime(time, 'pt-BR'));
    });

    it('translates source types, and keeps one it does not know as the source wrote it', async () => {
      const client = memoryClient([connection(1), connection(2, { sourceType: 'Banking' }), connection(3, { sourceType: 'Payroll' })]);
      const h = await mountWithClient(client, { attributes: { locale: 'de' }, until: 'rendered' });
      await h.waitForTitle('Verbindungen');
      const rows = await h.waitForRows(3);
      expect(rows.map((row) => meta(row).split(' · ')[0])).to.deep.equal(['Buchhaltung', 'Bankwesen', 'Payroll']);
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
