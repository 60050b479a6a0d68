// Screenshot tests of the state gallery (gallery.ts) against each engine's committed baselines,
// test/visual/baselines/<engine>/<state>.png, compared by the runner's `compare-screenshot` command
// (test/helpers/screenshot-plugin.mjs). `npm run test:visual:update` writes the baselines again.
// Each state is first reached and checked (a state not reached fails there, not in the picture).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { CodatConnections } from '../../packages/widget/src/index.js';
import { galleryStates, mountState } from './gallery.js';
import { freezeForScreenshot, pinClock, screenshotPageStyles } from './screenshot-page.js';

interface Comparison {
  passed: boolean;
  message: string;
}

/** The rectangle to compare: the element, and its open modal dialog where that reaches outside it. */
function clipOf(el: CodatConnections): { x: number; y: number; width: number; height: number } {
  const rects = [el.getBoundingClientRect()];
  const dialog = el.shadowRoot!.querySelector('dialog[open]');
  if (dialog) rects.push(dialog.getBoundingClientRect());
  const left = Math.floor(Math.min(...rects.map((rect) => rect.left)));
  const top = Math.floor(Math.min(...rects.map((rect) => rect.top)));
  const right = Math.ceil(Math.max(...rects.map((rect) => rect.right)));
  const bottom = Math.ceil(Math.max(...rects.map((rect) => rect.bottom)));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

async function compareScreenshot(name: string, el: CodatConnections): Promise<Comparison> {
  const result = await executeServerCommand<Comparison, { name: string; clip: ReturnType<typeof clipOf>; scale: number }>('compare-screenshot', {
    name,
    clip: clipOf(el),
    scale: devicePixelRatio,
  });
  return result!;
}

describe('<codat-connections>', () => {
  describe('looks as its baseline in every state of the gallery', () => {
    // Tall enough for the tallest state; the size the other tests run at is given back afterwards.
    const setViewport = (size: { width: number; height: number }) => executeServerCommand('set-screenshot-viewport', size);
    const viewportBefore = { width: innerWidth, height: innerHeight };
    const styles = document.createElement('style');
    let frame: HTMLElement;
    let unpinClock: () => void;

    before(async () => {
      await setViewport({ width: 800, height: 1200 });
      styles.textContent = screenshotPageStyles;
      document.head.append(styles);
    });
    after(async () => {
      styles.remove();
      await setViewport(viewportBefore);
    });
    beforeEach(() => {
      unpinClock = pinClock();
      // Nothing focused but what the state itself focuses.
      (document.activeElement as HTMLElement | null)?.blur();
      frame = document.createElement('div');
      frame.className = 'screenshot-frame';
      document.body.append(frame);
    });
    afterEach(() => {
      frame.remove();
      unpinClock();
    });

    for (const state of galleryStates) {
      it(`${state.name}: ${state.description}`, async () => {
        const el = await mountState(state, frame);
        await freezeForScreenshot(el);
        const { passed, message } = await compareScreenshot(state.name, el);
        expect(passed, message).to.equal(true);
      });
    }
  });
});
