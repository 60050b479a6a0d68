import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LatestRun, sameArgs } from '../latest-run.js';
import { en, loadStrings, mergeStrings, resolveLocale, type ConnectionsStrings, type ConnectionsStringOverrides } from '../strings/index.js';

type Host = ReactiveControllerHost & HTMLElement & { locale?: string | undefined; strings?: ConnectionsStringOverrides | undefined };

/**
 * The element's language, after Shoelace's LocalizeController: the `locale` property, else the
 * nearest `lang` (on the element, an ancestor up to its root, or `<html>`, followed as it changes).
 * Its catalogue loads on demand (the latest asked for wins) with the `strings` overrides on top;
 * text and dates share one locale (see `resolveLocale`).
 */
export class LocaleController implements ReactiveController {
  /** The catalogue in use, overrides applied. */
  strings: ConnectionsStrings = en;
  /** The locale of the text and the dates. */
  locale = 'en';
  private base: ConnectionsStrings = en;
  private args: readonly unknown[] | undefined;
  private readonly run = new LatestRun();
  private readonly observer = new MutationObserver(() => this.host.requestUpdate());

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    // Connecting observes the ancestors of where the element now is.
    const options = { attributeFilter: ['lang'] };
    this.observer.observe(this.host, options);
    for (let node = this.host.parentElement; node; node = node.parentElement) this.observer.observe(node, options);
    this.observer.observe(document.documentElement, options);
    // Where it now is may have another language.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.observer.disconnect();
    this.run.abort();
    this.args = undefined;
  }

  hostUpdate(): void {
    if (!this.host.isConnected) return;
    const asked = resolveLocale(this.host.locale || this.host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en');
    if (sameArgs(this.args, [asked, this.host.strings])) return;
    const languageChanged = this.args?.[0] !== asked;
    this.args = [asked, this.host.strings];
    this.strings = mergeStrings(this.base, this.host.strings);
    if (languageChanged) void this.load(asked);
  }

  private async load(locale: string): Promise<void> {
    const signal = this.run.start();
    let base: ConnectionsStrings;
    try {
      base = await loadStrings(locale);
    } catch {
      // The catalogue's chunk could not be fetched (offline): the text stays as it is, and the
      // next change of language tries again.
      if (this.run.isLatest(signal)) this.args = undefined;
      return;
    }
    if (!this.run.isLatest(signal)) return;
    this.locale = locale;
    this.base = base;
    this.strings = mergeStrings(base, this.host.strings);
    this.host.requestUpdate();
  }
}
