// <codat-connections> events: prefixed, bubbling, composed, and cancelable before a destructive action.
import { expect } from '@open-wc/testing';
import { mountOnStack } from '../../../test/helpers/harness.js';

describe('<codat-connections>', () => {
  describe('events', () => {
    it('dispatches codat-ready, bubbling and composed, with the first page', async () => {
      const ready = new Promise<CustomEvent>((resolve) => document.addEventListener('codat-ready', resolve as EventListener, { once: true }));
      const h = await mountOnStack();
      const event = await ready;
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      // The same connections (the element's own are given their data's freshness after the first page).
      expect(event.detail.connections.map((connection: { id: string }) => connection.id)).to.deep.equal(h.el.connections.map((connection) => connection.id));
    });

    it('dispatches cancelable codat-before-unlink before the dialog', async () => {
      const h = await mountOnStack();
      const before = h.next('codat-before-unlink');
      h.parts('unlink-button')[0]!.click();
      const event = await before;
      expect(event.cancelable).to.equal(true);
      expect(event.composed).to.equal(true);
    });
  });
});
