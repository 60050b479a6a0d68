// Runs of <codat-connections> against hostile answers: `runScenario` mounts the element with the
// real core client over the answering fetch and drives it (first load, in link-mode="redirect" with
// the `get` of the return; picker; unlink; filter), checking its markup and state after each step.
// `hostileAnswersProperty` is the property the browser test asserts at a fixed seed
// (packages/widget/test/hostile-answers.browser.test.ts); `tallyHostileAnswers` counts many runs
// from a seed without stopping (bench/hostile.mjs, printed for replay).
import fc, { type IAsyncPropertyWithHooks } from 'fast-check';
import { createConnectionsClient } from '@codat-connections/core';
import '../../../packages/widget/src/codat-connections.js';
import { grant } from '../fixtures.js';
import { answeringFetch, nextTask, type Delivered } from './answering-fetch.js';
import { endState, endStates, unsafeMarkup } from './markup-checks.js';
import { hostileScenarios, type Scenario } from './scenarios.js';

/** What one run found; no problems means it passed. */
export interface RunReport {
  /** Everything wrong, in the order found: uncaught errors first. */
  problems: string[];
  /** Uncaught errors, unhandled rejections and failed updates of the element. */
  uncaught: string[];
  /** Whether the element ended anywhere but in a list, the empty state or the error state with Retry. */
  stuck: boolean;
  /** Whether anything in the shadow root was made from API text. */
  unsafe: boolean;
  /** The state after the first load (`list`, `empty`, `error`, or what was wrong). */
  endState: string;
  delivered: Delivered;
}

/** The longest a step may take to settle before the run counts as stuck. */
const SETTLE_LIMIT_MS = 3_000;

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message} (${error.stack?.split('\n')[1]?.trim() ?? 'no stack'})` : `thrown ${String(error)}`;

/** An uncaught error or unhandled rejection on the page, and which it was. */
export interface Uncaught {
  error: unknown;
  how: 'uncaught error' | 'unhandled rejection';
}

/** Uncaught errors and unhandled rejections from `catchUncaught()` on, until `restore()`. */
export interface UncaughtErrors {
  /** What was caught since the last call. */
  take(): Uncaught[];
  restore(): void;
}

/**
 * Catches the page's uncaught errors and unhandled rejections, and keeps Mocha's `window.onerror`
 * from failing the test on its own (fast-check reports them with the scenario instead). The test
 * framework's logger still prints them.
 */
export function catchUncaught(): UncaughtErrors {
  let caught: Uncaught[] = [];
  const onError = (event: ErrorEvent) => {
    event.preventDefault();
    caught.push({ error: event.error ?? event.message, how: 'uncaught error' });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    caught.push({ error: event.reason, how: 'unhandled rejection' });
  };
  const onerror = window.onerror;
  window.onerror = null;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    take: () => caught.splice(0),
    restore: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      window.onerror = onerror;
      caught = [];
    },
  };
}

/**
 * Mounts `<codat-connections>` with a client built by the real core over `answeringFetch`, and
 * drives it: waits for `codat-ready` or `codat-error` and for the element to settle, opens the
 * picker and searches it, presses Unlink on the first row that offers it (with `no-confirm`), and
 * types in the filter. After each step the shadow root must hold nothing made from API text; after
 * the first load and after the unlink it must show a list, the empty state or the error state with
 * Retry. The element is then removed and left to settle, so that what it throws late still counts
 * for this run: uncaught errors and unhandled rejections (from `uncaught`), and failed updates.
 */
export async function runScenario(scenario: Scenario, uncaught: UncaughtErrors): Promise<RunReport> {
  const thrown: string[] = [];
  const problems: string[] = [];
  let stuck = false;
  let unsafe = false;
  // One line per error: Lit reports a failed update again with the next one, and a render that
  // throws on a row throws again on every update.
  const seen = new Set<unknown>();
  const report = (error: unknown, how: string) => {
    const described = describeError(error);
    if (seen.has(error) || seen.has(described)) return;
    seen.add(error).add(described);
    thrown.push(`${how}: ${described}`);
  };
  const collect = () => {
    for (const { error, how } of uncaught.take()) report(error, how);
  };
  // Late from an earlier run (which waited for its element to settle), or from this one's start.
  for (const { error, how } of uncaught.take()) report(error, `${how} before the run`);
  const address = location.href;
  const network = answeringFetch(scenario.answers);
  // Laid out as on any page, but not painted: painting is half of a run's cost, and no one looks.
  const stage = document.createElement('div');
  stage.style.visibility = 'hidden';
  const el = document.createElement('codat-connections');
  let state = 'not mounted';

  /** Waits until no request is open, no update is pending and nothing is busy, twice in a row. */
  const settle = async (step: string) => {
    const deadline = performance.now() + SETTLE_LIMIT_MS;
    for (let quiet = 0; quiet < 2;) {
      try {
        await el.updateComplete;
      } catch (error) {
        report(error, `the element's update threw (${step})`);
      }
      await nextTask();
      collect();
      // A row or control still busy has work under way that no request shows yet (a chunk loading).
      const busy = el.shadowRoot?.querySelector('[aria-busy="true"]');
      quiet = network.pending() === 0 && !el.isUpdatePending && !busy ? quiet + 1 : 0;
      if (performance.now() > deadline) {
        stuck = true;
        problems.push(`${step}: did not settle within ${SETTLE_LIMIT_MS} ms (${network.pending()} requests open)`);
        return;
      }
    }
  };
  const checkMarkup = (step: string) => {
    const found = unsafeMarkup(el.shadowRoot!);
    if (document.querySelector('[onerror], [onload], [onmouseover]')) found.push('an event handler attribute in the page');
    unsafe ||= found.length > 0;
    problems.push(...found.map((what) => `${step}: ${what}`));
  };
  const checkState = (step: string) => {
    const now = endState(el);
    if (!endStates.has(now)) {
      stuck = true;
      problems.push(`${step}: ends in ${now}, not a list, the empty state or the error state with Retry`);
    }
    return now;
  };
  const type = async (input: HTMLInputElement, text: string, step: string) => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle(step);
    checkMarkup(step);
  };
  const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);

  try {
    if (scenario.redirect) {
      const { statusCode, connectionId, errorMessage } = scenario.redirect;
      history.replaceState(history.state, '', `?${new URLSearchParams({ statusCode, connectionId, ...(errorMessage !== undefined && { errorMessage }) })}`);
      el.setAttribute('link-mode', 'redirect');
    }
    el.setAttribute('no-confirm', '');
    el.setAttribute('actions', 'link reconnect unlink delete');
    if (scenario.sourceTypes) el.setAttribute('source-types', scenario.sourceTypes);
    el.client = createConnectionsClient({ token: async () => grant({ baseUrl: 'https://api.example.test' }), fetch: network.fetch, retry: 0 });
    let outcome = '';
    const settled = (event: Event) => (outcome ||= event.type);
    el.addEventListener('codat-ready', settled);
    el.addEventListener('codat-error', settled);
    stage.append(el);
    document.body.append(stage);
    await settle('first load');
    if (!outcome) problems.push('first load: neither codat-ready nor codat-error');
    checkMarkup('first load');
    state = checkState('first load');

    // Unlink before the filter hides rows; the picker may stay open meanwhile.
    const linkButton = part('link-button') as HTMLButtonElement | null;
    if (linkButton && !linkButton.disabled) {
      linkButton.click();
      await settle('picker');
      checkMarkup('picker');
      const search = part('picker-search') as HTMLInputElement | null;
      if (search) await type(search, scenario.pickerSearch, 'picker search');
    }

    const unlink = part('unlink-button');
    if (unlink) {
      unlink.click();
      await settle('unlink');
      checkMarkup('unlink');
      checkState('unlink');
    }

    const filter = part('filter') as HTMLInputElement | null;
    if (filter) await type(filter, scenario.filter, 'filter');
  } catch (error) {
    problems.push(`the run itself failed: ${describeError(error)}`);
  } finally {
    stage.remove();
    await settle('removed');
    // Unhandled rejections are reported in a task of their own.
    await new Promise((resolve) => setTimeout(resolve));
    collect();
    if (location.href !== address) history.replaceState(history.state, '', address);
  }
  return { problems: [...thrown, ...problems], uncaught: thrown, stuck, unsafe, endState: state, delivered: network.delivered };
}

/** Totals over many runs (what the bench prints). */
export interface Tally {
  runs: number;
  /** Runs with at least one uncaught error, unhandled rejection or failed update. */
  crashed: number;
  /** Runs that did not end in a list, the empty state or the error state with Retry. */
  stuck: number;
  /** Runs where something was made from API text. */
  unsafe: number;
  failed: number;
  endStates: Record<string, number>;
  /** Runs per kind of uncaught error (`TypeError: name.trim is not a function`). */
  errors: Record<string, number>;
  delivered: Delivered;
  /** The first failing runs: their index (replay with `{ seed, path: String(index) }`), scenario and problems. */
  examples: Array<{ index: number; scenario: string; problems: string[] }>;
}

/**
 * The property the test asserts: every run passes `runScenario`. A failure names every problem of
 * the run. `uncaught` is from `catchUncaught()`, for as long as the property runs.
 */
export function hostileAnswersProperty(
  kind: 'list' | 'get',
  uncaught: UncaughtErrors,
  onRun?: (report: RunReport) => void,
): IAsyncPropertyWithHooks<[Scenario]> {
  return fc.asyncProperty(hostileScenarios(kind), async (scenario) => {
    const run = await runScenario(scenario, uncaught);
    onRun?.(run);
    if (run.problems.length) throw new Error(`${run.problems.length} problem(s):\n  ${run.problems.join('\n  ')}`);
  });
}

/**
 * Runs `numRuns` scenarios of `kind` from `seed` without stopping at a failure, and counts. The
 * scenarios are those `fc.assert(hostileAnswersProperty(kind, …), { seed })` would try first.
 */
export async function tallyHostileAnswers({
  seed,
  numRuns,
  kind,
  keep = 5,
}: {
  seed: number;
  numRuns: number;
  kind: 'list' | 'get';
  keep?: number;
}): Promise<Tally> {
  const tally: Tally = {
    runs: 0,
    crashed: 0,
    stuck: 0,
    unsafe: 0,
    failed: 0,
    endStates: {},
    errors: {},
    delivered: { list: 0, get: 0, unlink: 0, integrations: 0, other: 0 },
    examples: [],
  };
  const count = (scenario: Scenario, run: RunReport) => {
    const index = tally.runs++;
    if (run.uncaught.length) tally.crashed++;
    if (run.stuck) tally.stuck++;
    if (run.unsafe) tally.unsafe++;
    if (run.problems.length) {
      tally.failed++;
      if (tally.examples.length < keep) tally.examples.push({ index, scenario: fc.stringify(scenario), problems: run.problems });
    }
    tally.endStates[run.endState] = (tally.endStates[run.endState] ?? 0) + 1;
    for (const kind of new Set(run.uncaught.map((line) => line.replace(/^[^:]*: /, '').replace(/ \((at .*|no stack)\)$/, '')))) {
      tally.errors[kind] = (tally.errors[kind] ?? 0) + 1;
    }
    for (const key of Object.keys(tally.delivered) as Array<keyof Delivered>) tally.delivered[key] += run.delivered[key];
  };
  const uncaught = catchUncaught();
  try {
    await fc.check(
      fc.asyncProperty(hostileScenarios(kind), async (scenario) => count(scenario, await runScenario(scenario, uncaught))),
      { seed, numRuns },
    );
  } finally {
    uncaught.restore();
  }
  return tally;
}
