// Under a strict Content-Security-Policy (no nonce, no 'unsafe-inline'), the element is styled and
// works in every state, and the browser reports no violation. This file runs in its own page, so
// the policy set here applies to nothing else.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/codat-connections.js';
import type { CodatConnections } from '../src/index.js';
import { resetEmulator, signIn, tokenUrl, waitFor } from '../../../test/helpers/browser.js';

describe('<codat-connections>', () => {
  describe('CSP', () => {
    const violations: string[] = [];
    const record = (event: SecurityPolicyViolationEvent) => violations.push(`${event.violatedDirective} ${event.blockedURI}`);

    before(() => {
      const meta = document.createElement('meta');
      meta.httpEquiv = 'Content-Security-Policy';
      meta.content = "script-src 'self'; style-src 'self'";
      document.head.append(meta);
      document.addEventListener('securitypolicyviolation', record);
    });

    after(() => document.removeEventListener('securitypolicyviolation', record));

    it('is styled and reports no violation under script-src and style-src self', async () => {
      // The policy is live: an inline style attribute is now blocked and reported.
      const probe = document.createElement('div');
      probe.setAttribute('style', 'color: red');
      document.body.append(probe);
      await waitFor(() => violations.length > 0, 'the probe violation');
      probe.remove();
      violations.length = 0;

      await resetEmulator();
      await signIn('admin');
      const ready = oneEvent(document, 'codat-ready');
      const el = await fixture<CodatConnections>(
        html`<codat-connections token-url=${tokenUrl} locale="fr" actions="link reconnect unlink delete"></codat-connections>`,
      );
      await ready;
      await waitFor(() => el.shadowRoot!.querySelector('[part~="title"]')!.textContent!.includes('Connexions'), 'French');
      el.shadowRoot!.querySelector<HTMLElement>('[part~="link-button"]')!.click();
      await waitFor(() => el.shadowRoot!.querySelector('[part~="picker-item"] img'), 'picker logos');
      el.shadowRoot!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
      await waitFor(() => el.shadowRoot!.querySelector('dialog[open]'), 'the dialog');

      const button = el.shadowRoot!.querySelector<HTMLElement>('[part~="link-button"]')!;
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(36, 86, 211)');
      expect(el.shadowRoot!.querySelectorAll('[style], style')).to.have.length(0);
      expect(violations).to.deep.equal([]);
      el.shadowRoot!.querySelector('dialog')!.close();
    });
  });
});
