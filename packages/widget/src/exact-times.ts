/**
 * Every relative date of the element ("3 days ago") carries its exact time as text, for screen
 * readers in browse mode, which read the text and never focus a date. Formatting 2,000 exact times
 * for 1,000 rows would slow the first render, so they are filled in afterwards, a slice at a time
 * while the page is idle, and at once for the dates someone looks at (focus, hover). Only the dates
 * of the groups of rows a render wrote wait for it (`exactTimesLater` marks them), so an update that
 * changes no row, or one chunk of a long list, costs no walk over every date.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import { exactTime } from './format.js';

/** What each date's text was filled for (locale and date), so a slice skips the dates already done. */
const filledFor = new WeakMap<HTMLTimeElement, string>();

/** How long one slice may run, in milliseconds, when the browser cannot say how idle it is. */
const sliceBudget = 8;

/**
 * Gives a date its exact time in `locale`: in its hidden text (shown beside the relative time while
 * its row has focus, see the styles), `data-exact`, and its title (the mouse's).
 */
export function fillExactTime(time: HTMLTimeElement, locale: string): void {
  const key = `${locale}|${time.dateTime}`;
  if (filledFor.get(time) === key) return;
  const exact = exactTime(time.dateTime, locale) ?? '';
  time.title = time.dataset['exact'] = exact;
  const text = time.querySelector('.exact');
  if (text) text.textContent = exact ? ` (${exact})` : '';
  filledFor.set(time, key);
}

/** The elements each element's renders wrote dates into, waiting for their exact times (by the element, the templates' `host`). */
const waiting = new WeakMap<object, Set<Element>>();

function waitingFor(host: object): Set<Element> {
  let elements = waiting.get(host);
  if (!elements) waiting.set(host, (elements = new Set()));
  return elements;
}

/**
 * On an element that holds dates (a group of rows): each render of it puts its dates in its
 * element's queue for their exact times. One mark per group rather than per date, since every
 * directive is an object and a call for each date of a long list's first render.
 */
class ExactTimesLater extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('exactTimesLater() goes on an element');
  }

  render(): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart): typeof nothing {
    const host = part.options?.host;
    if (host) waitingFor(host).add(part.element);
    return nothing;
  }
}

export const exactTimesLater = directive(ExactTimesLater);

type Idle = (callback: (deadline?: IdleDeadline) => void) => number;

/** `requestIdleCallback` where the browser has it (Safari does not): else the next task. */
const whenIdle: Idle = (callback) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 500 }) : window.setTimeout(callback);
const cancelIdle = (handle: number) => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : window.clearTimeout(handle));

/** Fills the exact times of the dates the host's updates wrote, a slice per idle period, until all are done. */
export class ExactTimesController implements ReactiveController {
  private pending: number | undefined;
  /** The dates of the written elements, in order, still to be filled. */
  private readonly times = new Set<HTMLTimeElement>();

  /**
   * `rendering` says whether more of the list is still to be rendered: the exact times wait until
   * it is (the idle callback's timeout would otherwise run slices between the chunks).
   */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly locale: () => string,
    private readonly rendering: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if ((waiting.get(this.host)?.size || this.times.size) && !this.rendering()) this.pending ??= whenIdle((deadline) => this.fillSlice(deadline));
  }

  hostDisconnected(): void {
    if (this.pending !== undefined) cancelIdle(this.pending);
    this.pending = undefined;
  }

  private fillSlice(deadline?: IdleDeadline): void {
    this.pending = undefined;
    if (this.rendering()) return;
    const root = this.host.shadowRoot;
    if (!root || !this.host.isConnected) return;
    const locale = this.locale();
    const end = performance.now() + sliceBudget;
    const timeLeft = () => (deadline && !deadline.didTimeout ? deadline.timeRemaining() > 1 : performance.now() < end);
    const written = waitingFor(this.host);
    // An element no longer shown needs no exact times.
    for (const element of written)
      if (element.isConnected) for (const time of element.querySelectorAll<HTMLTimeElement>('time[datetime]')) this.times.add(time);
    written.clear();
    for (const time of this.times) {
      if (!timeLeft()) {
        this.pending = whenIdle((next) => this.fillSlice(next));
        return;
      }
      this.times.delete(time);
      if (time.isConnected) fillExactTime(time, locale);
    }
  }
}
