// Under a strict Content-Security-Policy (no nonce, no 'unsafe-inline'), the element is styled and
// works in every state, and the browser reports no violation. This file runs in its own page, so
// the policy set here applies to nothing else.
import { expect } from '@open-wc/testing';
import { mountOnStack, waitFor } from '../../../test/helpers/harness.js';

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

      const h = await mountOnStack({ attributes: { locale: 'fr', actions: 'link reconnect unlink delete' } });
      await h.waitForTitle('Connexions');
      h.linkButton()!.click();
      await h.waitFor(() => h.root.querySelector('[part~="picker-item"] img'), 'picker logos');
      h.parts('unlink-button')[0]!.click();
      const dialog = await h.waitForDialog();

      expect(getComputedStyle(h.linkButton()!).backgroundColor).to.equal('rgb(36, 86, 211)');
      expect(h.root.querySelectorAll('[style], style')).to.have.length(0);
      expect(violations).to.deep.equal([]);
      dialog.close();
    });
  });
});
