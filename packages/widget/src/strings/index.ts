import { en } from './en.js';
import type { ConnectionsStrings, ConnectionsStringOverrides } from './catalogue.js';

export { en, type ConnectionsStrings, type ConnectionsStringOverrides };

/** Locales with a built-in catalogue. English ships in the bundle; the others load on demand. */
export const builtInLocales = ['en', 'fr', 'de', 'es', 'nl'] as const;

const loaders: Record<string, () => Promise<ConnectionsStrings>> = {
  fr: () => import('./fr.js').then((module) => module.fr),
  de: () => import('./de.js').then((module) => module.de),
  es: () => import('./es.js').then((module) => module.es),
  nl: () => import('./nl.js').then((module) => module.nl),
};

/** The built-in catalogue nearest to a BCP 47 tag (`fr-CA` gives French), English otherwise. */
export async function loadStrings(locale: string | undefined): Promise<ConnectionsStrings> {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  const load = loaders[language];
  return load ? load() : en;
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
    scopes: { ...base.scopes, ...overrides.scopes },
  };
}
