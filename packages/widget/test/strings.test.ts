import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { ConnectionsStrings } from '../src/strings/catalogue.js';
import { builtInLocales, en, loadStrings, resolveLocale } from '../src/strings/index.js';

/** The folder of the catalogues: one file per locale, beside the interface and the loader. */
const stringsFolder = new URL('../src/strings/', import.meta.url);

/**
 * The built-in catalogues other than English, by the name of their file, as the element loads them:
 * the one list of languages is the loader's (`builtInLocales`), so a catalogue missing from it fails.
 */
const locales: Record<string, ConnectionsStrings> = Object.fromEntries(
  await Promise.all(builtInLocales.filter((name) => name !== 'en').map(async (name) => [name, await loadStrings(name)] as const)),
);

type FunctionKey = { [K in keyof ConnectionsStrings]: ConnectionsStrings[K] extends (...args: never[]) => string ? K : never }[keyof ConnectionsStrings];

const PLATFORM = 'Zörk & Co <Books>';
const STATE = 'Statex';
/** Who reads the data, as a source names it (`ConnectionsSource.provider`). */
const PROVIDER = 'Providerx Open Banking';
/** A relative time as Intl would format it in the locale ("vor 2 Stunden"): each text must show it as given. */
const WHEN = 'Whenx ago';

/**
 * Sample arguments of every function of the catalogue (a function added to the catalogue without one here is a type
 * error), and the arguments each result must show.
 */
const samples: { [K in FunctionKey]: { args: Parameters<ConnectionsStrings[K]>; shows: string[] } } = {
  loadMoreCount: { args: [20, 57], shows: ['20', '57'] },
  loaded: { args: [7], shows: ['7'] },
  errorsSummary: { args: [3], shows: ['3'] },
  skippedRows: { args: [4], shows: ['4'] },
  reconnectNamed: { args: [PLATFORM], shows: [PLATFORM] },
  unlinkNamed: { args: [PLATFORM], shows: [PLATFORM] },
  deleteNamed: { args: [PLATFORM], shows: [PLATFORM] },
  logoAlt: { args: [PLATFORM], shows: [PLATFORM] },
  continueInNewTab: { args: [PLATFORM], shows: [PLATFORM] },
  confirmUnlinkTitle: { args: [PLATFORM], shows: [PLATFORM] },
  confirmUnlinkBody: { args: [PLATFORM, PROVIDER], shows: [PLATFORM, PROVIDER] },
  confirmDeleteTitle: { args: [PLATFORM], shows: [PLATFORM] },
  confirmDeleteBody: { args: [PLATFORM], shows: [PLATFORM] },
  linked: { args: [PLATFORM], shows: [PLATFORM] },
  linkCancelled: { args: [PLATFORM], shows: [PLATFORM] },
  notLinkedYet: { args: [PLATFORM], shows: [PLATFORM] },
  nowLinked: { args: [PLATFORM], shows: [PLATFORM] },
  nowUnlinked: { args: [PLATFORM], shows: [PLATFORM] },
  nowExpired: { args: [PLATFORM], shows: [PLATFORM] },
  nowDeleted: { args: [PLATFORM], shows: [PLATFORM] },
  unlinked: { args: [PLATFORM], shows: [PLATFORM] },
  deleted: { args: [PLATFORM], shows: [PLATFORM] },
  unlinkFailed: { args: [PLATFORM], shows: [PLATFORM] },
  deleteFailed: { args: [PLATFORM], shows: [PLATFORM] },
  removedElsewhere: { args: [PLATFORM], shows: [PLATFORM] },
  changedElsewhere: { args: [PLATFORM], shows: [PLATFORM] },
  alreadyConnected: { args: [PLATFORM, STATE], shows: [PLATFORM, STATE] },
  dataUpdated: { args: [WHEN], shows: [WHEN] },
  dataFailed: { args: [3], shows: ['3'] },
  dataStale: { args: [WHEN], shows: [WHEN] },
  dataStopped: { args: [WHEN], shows: [WHEN] },
  datasetsSummary: { args: [6], shows: ['6'] },
  refreshDataNamed: { args: [PLATFORM], shows: [PLATFORM] },
  dataRefreshed: { args: [PLATFORM], shows: [PLATFORM] },
  refreshFailed: { args: [PLATFORM], shows: [PLATFORM] },
  refreshLater: { args: [45, PROVIDER], shows: ['45', PROVIDER] },
  loadLater: { args: [45], shows: ['45'] },
};

/** The functions that ask to wait, given seconds (a 429's `Retry-After`). */
const WAIT_KEYS = ['refreshLater', 'loadLater'] as const;

/** Waits each of `WAIT_KEYS` is also called with: one second, seconds, and minutes rounded up (300 s reads as 5 minutes). */
const WAITS = [
  { seconds: 1, shows: '1' },
  { seconds: 45, shows: '45' },
  { seconds: 300, shows: '5' },
];

/** How a locale writes "in a second" where it spells the number as a word: `refreshLater(1)` and `loadLater(1)` must show this instead of 1. */
const oneSecondAsWord: Record<string, string> = {
  de: 'einer Sekunde',
  fr: 'une seconde',
  es: 'un segundo',
  nl: 'een seconde',
  it: 'un secondo',
  pt: 'um segundo',
  pl: 'sekundę',
  sv: 'en sekund',
};

/** What a count function's text must show for a count: the number, except a wait of one second written as a word. */
const shownCount = (locale: string, key: FunctionKey, count: number): string =>
  (WAIT_KEYS as readonly string[]).includes(key) && count === 1 && oneSecondAsWord[locale] ? oneSecondAsWord[locale] : String(count);

type CountKey = { [K in FunctionKey]: Parameters<ConnectionsStrings[K]> extends [number] ? K : never }[FunctionKey];

/** The functions that take a count alone (also called with every count of `COUNTS`). */
const countKeys = (Object.keys(samples) as FunctionKey[]).filter((key): key is CountKey => {
  const { args } = samples[key];
  return args.length === 1 && typeof args[0] === 'number';
});

/** The records of the catalogue, whose texts are checked key by key. */
const recordKeys = ['status', 'states', 'datasetStates', 'dataTypes', 'sourceTypes', 'scopes'] as const;

/** Counts every count function is also called with (singular and plural forms). */
const COUNTS = [0, 1, 2, 5, 21];

/**
 * Texts that may read exactly as in English, by locale and path (a function's path names its arguments). Anything
 * else identical to English is an untranslated string.
 */
const sameAsEnglish: Record<string, string[]> = {
  de: [],
  // French "transactions" and "commerce" are spelled as in English.
  fr: ['dataTypes.BANK_TRANSACTION', 'scopes.bank:transactions:read', 'sourceTypes.Commerce'],
  // Spanish "error" is spelled as in English.
  es: ['errorsSummary(1)'],
  nl: [],
  it: [],
  pt: [],
  ja: [],
  pl: [],
  sv: [],
};

const call = (fn: unknown, args: readonly unknown[]): unknown => (fn as (...args: readonly unknown[]) => unknown)(...args);

/** Every text of a catalogue by path: strings as they are, functions called with their samples and counts. */
function texts(strings: ConnectionsStrings): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(strings)) {
    if ((recordKeys as readonly string[]).includes(key)) {
      for (const [name, label] of Object.entries(value as Record<string, unknown>)) out.set(`${key}.${name}`, label);
    } else if (typeof value === 'function') {
      const sample = samples[key as FunctionKey];
      if (!sample) continue;
      out.set(`${key}(${sample.args.join(', ')})`, call(value, sample.args));
      if ((countKeys as string[]).includes(key)) {
        for (const count of COUNTS) out.set(`${key}(${count})`, call(value, [count]));
      }
      if ((WAIT_KEYS as readonly string[]).includes(key)) {
        for (const { seconds } of WAITS) out.set(`${key}(${seconds})`, call(value, [seconds]));
      }
    } else {
      out.set(key, value);
    }
  }
  return out;
}

describe('who reads the data', () => {
  for (const [name, strings] of Object.entries({ en, ...locales })) {
    it(`${name}: named only as the source names it, never "Codat" of itself`, () => {
      for (const [path, text] of texts(strings)) assert.ok(!String(text).includes('Codat'), `${name} ${path}: ${JSON.stringify(text)}`);
      const withoutProvider = [strings.confirmUnlinkBody(PLATFORM), strings.refreshLater(45)];
      for (const text of withoutProvider) assert.ok(!text.includes(PROVIDER) && !text.includes('undefined'), `${name}: ${JSON.stringify(text)}`);
      assert.notEqual(strings.confirmUnlinkBody(PLATFORM), strings.confirmUnlinkBody(PLATFORM, PROVIDER));
    });
  }
});

describe('built-in locales', () => {
  it('at least ten, each file of the strings folder registered with the loader', () => {
    const files = readdirSync(stringsFolder)
      .filter((file) => file.endsWith('.ts') && !['catalogue.ts', 'index.ts'].includes(file))
      .map((file) => file.replace(/\.ts$/, ''));
    assert.deepEqual([...builtInLocales].sort(), files.sort());
    assert.ok(builtInLocales.length >= 10, `${builtInLocales.length} locales`);
    assert.deepEqual(Object.keys(sameAsEnglish).sort(), Object.keys(locales).sort(), 'sameAsEnglish lists every locale');
  });

  it('English has a sample for each of its functions', () => {
    const functions = Object.keys(en).filter((key) => typeof en[key as keyof ConnectionsStrings] === 'function');
    assert.deepEqual(functions.sort(), Object.keys(samples).sort());
  });

  for (const [name, strings] of Object.entries(locales)) {
    describe(name, () => {
      it('names its own locale', () => {
        assert.equal(strings.locale, name);
      });

      it('has every key of English, and no other', () => {
        assert.deepEqual(Object.keys(strings).sort(), Object.keys(en).sort());
        for (const key of recordKeys) assert.deepEqual(Object.keys(strings[key]).sort(), Object.keys(en[key]).sort(), `${name} ${key}`);
      });

      it('gives every text as a non-empty string', () => {
        for (const [path, text] of texts(strings)) {
          assert.equal(typeof text, 'string', `${name} ${path}`);
          assert.notEqual((text as string).trim(), '', `${name} ${path}`);
        }
      });

      it('takes the same parameters as English', () => {
        for (const key of Object.keys(samples) as FunctionKey[]) {
          assert.equal(typeof strings[key], 'function', `${name} ${key}`);
          assert.equal(strings[key].length, en[key].length, `${name} ${key}`);
        }
      });

      it('shows the platform name, state and counts it is given', () => {
        for (const [key, sample] of Object.entries(samples)) {
          const text = call(strings[key as FunctionKey], sample.args) as string;
          for (const shown of sample.shows) assert.ok(text.includes(shown), `${name} ${key}: ${JSON.stringify(text)} lacks ${JSON.stringify(shown)}`);
        }
        for (const key of countKeys) {
          for (const count of COUNTS) {
            const text = strings[key](count);
            const shown = shownCount(name, key, count);
            assert.ok(text.includes(shown), `${name} ${key}(${count}): ${JSON.stringify(text)} lacks ${JSON.stringify(shown)}`);
          }
        }
      });

      it('asks to wait a second, seconds, then minutes rounded up', () => {
        for (const key of WAIT_KEYS) {
          for (const { seconds, shows } of WAITS) {
            const text = strings[key](seconds);
            const shown = seconds === 1 ? shownCount(name, key, 1) : shows;
            assert.ok(text.includes(shown), `${name} ${key}(${seconds}): ${JSON.stringify(text)} lacks ${JSON.stringify(shown)}`);
          }
          assert.ok(!strings[key](300).includes('300'), `${name} ${key}(300) is in minutes`);
          const forms = WAITS.map(({ seconds }) => strings[key](seconds).replace(/\d+/g, '#'));
          assert.equal(new Set(forms).size, WAITS.length, `${name} ${key}: one second, seconds and minutes read differently`);
        }
      });

      it('translates every text (identical to English only where listed)', () => {
        const english = texts(en);
        const same = [...texts(strings)].filter(([path, text]) => path !== 'locale' && english.get(path) === text).map(([path]) => path);
        assert.deepEqual(same.sort(), [...(sameAsEnglish[name] ?? [])].sort());
      });

      it("names each button with its visible text in it (WCAG's label in name)", () => {
        const pairs = [
          ['reconnect', 'reconnectNamed'],
          ['unlink', 'unlinkNamed'],
          ['delete', 'deleteNamed'],
          ['refreshData', 'refreshDataNamed'],
        ] as const;
        for (const [label, named] of pairs) {
          const name = strings[named](PLATFORM);
          assert.ok(
            name.toLowerCase().includes(strings[label].toLowerCase()),
            `${name} ${named}: ${JSON.stringify(name)} lacks ${JSON.stringify(strings[label])}`,
          );
        }
      });

      it('labels the shared states like the matching statuses', () => {
        assert.equal(strings.states.linked, strings.status.Linked);
        assert.equal(strings.states.pending, strings.status.PendingAuth);
        assert.equal(strings.states.disconnected, strings.status.Unlinked);
      });

      it('is a complete object of its own: no spread, no import of another locale', () => {
        const source = readFileSync(new URL(`${name}.ts`, stringsFolder), 'utf8');
        assert.ok(!source.includes('...'), `${name}.ts spreads another object`);
        for (const other of builtInLocales) assert.ok(!source.includes(`from './${other}.js'`), `${name}.ts imports ${other}.ts`);
      });
    });
  }
});

describe('one locale for text and dates', () => {
  const cases: Array<[string | undefined, string, string]> = [
    ['pt-BR', 'pt-BR', 'pt'],
    ['fr_CA', 'fr-CA', 'fr'],
    ['en-GB', 'en-GB', 'en'],
    ['DE', 'de', 'de'],
    ['xx', 'en', 'en'],
    ['xx-YY', 'en', 'en'],
    ['', 'en', 'en'],
    [undefined, 'en', 'en'],
  ];
  for (const [asked, dates, text] of cases) {
    it(`${JSON.stringify(asked)} gives dates in ${dates} and the ${text} catalogue`, async () => {
      const locale = resolveLocale(asked);
      assert.equal(locale, dates);
      assert.equal((await loadStrings(locale)).locale, text);
    });
  }

  it('a tag Intl does not take keeps its language for both', async () => {
    const locale = resolveLocale('ja-!!');
    assert.equal(locale, 'ja');
    assert.equal((await loadStrings(locale)).locale, 'ja');
  });
});
