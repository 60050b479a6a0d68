import { en } from './en.js';
import type { ConnectionsStrings, ConnectionsStringOverrides } from './catalogue.js';

export { en, type ConnectionsStrings, type ConnectionsStringOverrides };

/**
 * The built-in catalogues other than English, each loaded on demand as a chunk of its own (named
 * after its file). This is the one list of languages: `builtInLocales`, the tests and the docs
 * follow it, and a catalogue file missing from it fails a test.
 */
const loaders: Record<string, () => Promise<ConnectionsStrings>> = {
  fr: () => import('./fr.js').then((module) => module.fr),
  de: () => import('./de.js').then((module) => module.de),
  es: () => import('./es.js').then((module) => module.es),
  nl: () => import('./nl.js').then((module) => module.nl),
  it: () => import('./it.js').then((module) => module.it),
  pt: () => import('./pt.js').then((module) => module.pt),
  ja: () => import('./ja.js').then((module) => module.ja),
  pl: () => import('./pl.js').then((module) => module.pl),
  sv: () => import('./sv.js').then((module) => module.sv),
};

/** Locales with a built-in catalogue. English ships in the bundle; the others load on demand. */
export const builtInLocales: readonly string[] = ['en', ...Object.keys(loaders)];

/** The language of a BCP 47 tag, lower case (`pt-BR` gives `pt`). */
const languageOf = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/**
 * The locale that text and dates share: the tag asked for when its language has a catalogue and
 * Intl knows the tag (`pt-BR` keeps Brazilian dates beside the Portuguese text, `en-GB` British
 * ones beside English), the catalogue's language when Intl does not, and English for both
 * otherwise (never English text with another locale's dates).
 */
export function resolveLocale(tag: string | undefined): string {
  const language = languageOf(tag ?? '');
  if (language !== 'en' && !Object.hasOwn(loaders, language)) return 'en';
  try {
    return Intl.getCanonicalLocales(tag!.replace(/_/g, '-'))[0] ?? language;
  } catch {
    return language;
  }
}

/** The built-in catalogue of a locale given by `resolveLocale` (or any BCP 47 tag: `fr-CA` gives French), English otherwise. */
export async function loadStrings(locale: string | undefined): Promise<ConnectionsStrings> {
  const language = languageOf(locale ?? '');
  return Object.hasOwn(loaders, language) ? loaders[language]!() : en;
}

/** A catalogue with a partial override applied on top (status and state labels merge one by one). */
export function mergeStrings(base: ConnectionsStrings, overrides: ConnectionsStringOverrides | undefined): ConnectionsStrings {
  if (!overrides) return base;
  return {
    ...base,
    ...overrides,
    status: { ...base.status, ...overrides.status },
    states: { ...base.states, ...overrides.states },
    datasetStates: { ...base.datasetStates, ...overrides.datasetStates },
    dataTypes: { ...base.dataTypes, ...overrides.dataTypes },
    sourceTypes: { ...base.sourceTypes, ...overrides.sourceTypes },
    scopes: { ...base.scopes, ...overrides.scopes },
  };
}
