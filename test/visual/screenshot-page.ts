// What makes a state's picture the same on every run: the element at a fixed place on a plain
// page, no blinking caret, animations held at their start, fonts loaded, and a pinned clock.
import type { CodatConnections } from '../../packages/widget/src/index.js';

/**
 * The frame holds the element at the viewport's top left, away from the pointer's resting place
 * (0, 0), so no part of it is hovered. `caret-color` inherits into the element's shadow tree, and
 * the element sets none of its own.
 */
export const screenshotPageStyles = `
  html, body { margin: 0; background: #ffffff; }
  .screenshot-frame { position: fixed; top: 16px; left: 16px; z-index: 1; }
  codat-connections { caret-color: transparent; }
`;

/** Holds every animation of the page and of the element's shadow tree at its start, once the fonts are in. */
export async function freezeForScreenshot(el: CodatConnections): Promise<void> {
  await document.fonts.ready;
  for (const animation of [...document.getAnimations(), ...el.shadowRoot!.getAnimations()]) {
    animation.pause();
    animation.currentTime = 0;
  }
  // Two frames: the held animations and the last update are painted before the picture is taken.
  for (let frame = 0; frame < 2; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/**
 * The instant the screenshot tests take as now. Rows are dated relative to the clock ("3 hours
 * ago"), and a focused row also shows its exact times ("03.12.2026, 03:53"): both stay the same
 * from run to run only when now does. Exact times are in the browser's time zone (UTC on the
 * machines the baselines are made on).
 */
export const pinnedNow = Date.UTC(2026, 0, 14, 9, 30);

/** Makes `Date.now()` and `new Date()` answer `pinnedNow` until the returned function is called. */
export function pinClock(): () => void {
  const RealDate = globalThis.Date;
  class PinnedDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(pinnedNow);
      else super(...(args as ConstructorParameters<DateConstructor>));
    }
    static override now(): number {
      return pinnedNow;
    }
  }
  globalThis.Date = PinnedDate as DateConstructor;
  return () => void (globalThis.Date = RealDate);
}
