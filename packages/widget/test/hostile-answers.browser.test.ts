// Whatever Codat (or anything in between) answers, the element never throws, never stays
// on its loading skeleton, and never makes an element or an attribute from API text. Generated
// list, integrations, unlink and get answers (test/helpers/hostile/) go through the real core
// client over a fake `fetch`; each run mounts a fresh element and drives it through the first load,
// the picker and its search, an unlink and the filter (see `runScenario`). The seed is fixed here;
// `npm run bench` (bench/hostile.mjs) runs many more with a random seed.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { stubs } from '../../../test/helpers/harness.js';
import type { Delivered } from '../../../test/helpers/hostile/answering-fetch.js';
import { catchUncaught, hostileAnswersProperty, type RunReport } from '../../../test/helpers/hostile/runs.js';

/** The fixed seed of `npm test`; a failure prints it with the path to replay the counterexample. */
const SEED = 1_100_011;
/** Runs that answer the list, integrations and unlink. */
const LIST_RUNS = 1_200;
/**
 * WebKit refuses a page more than 100 `history.replaceState` calls in 10 seconds, and a get run makes
 * three (the return address is set and put back, the element takes Codat's parameters out): there,
 * the first 30 runs of the same seed.
 */
const replaceStateLimited = /AppleWebKit/.test(navigator.userAgent) && !/Chrome\//.test(navigator.userAgent);
/** Runs that also come back from a redirect link, so that the element `get`s a connection first. */
const GET_RUNS = replaceStateLimited ? 30 : 800;

describe('<codat-connections>', () => {
  describe('hostile answers', () => {
    /** The page's uncaught errors, for the property to report; undone with the harness's other stubs. */
    const catchForTheTest = () => {
      const uncaught = catchUncaught();
      stubs.add(uncaught.restore);
      return uncaught;
    };

    /** Counts the answers that went through the element, and prints them (a failing property counts its shrinking too). */
    const countAnswers = (kind: string) => {
      const delivered: Delivered = { list: 0, get: 0, unlink: 0, integrations: 0, other: 0 };
      const count = (run: RunReport) => {
        for (const key of Object.keys(delivered) as Array<keyof Delivered>) delivered[key] += run.delivered[key];
      };
      const print = () => console.log(`hostile answers delivered in ${kind} runs (seed ${SEED}): ${JSON.stringify(delivered)}`);
      return { delivered, count, print };
    };

    // Well under the limit when it passes; a failure also shrinks its counterexample.
    it('survives hostile list, integrations and unlink answers', async () => {
      const answers = countAnswers('list');
      try {
        await fc.assert(hostileAnswersProperty('list', catchForTheTest(), answers.count), { seed: SEED, numRuns: LIST_RUNS, includeErrorInReport: true });
      } finally {
        answers.print();
      }
      expect(answers.delivered.list, 'list answers delivered').to.be.at.least(LIST_RUNS);
    }).timeout(180_000);

    it('survives hostile get answers on the return from a redirect link', async () => {
      const answers = countAnswers('get');
      try {
        await fc.assert(hostileAnswersProperty('get', catchForTheTest(), answers.count), { seed: SEED, numRuns: GET_RUNS, includeErrorInReport: true });
      } finally {
        answers.print();
      }
      expect(answers.delivered.get, 'get answers delivered').to.be.at.least(GET_RUNS / 2);
    }).timeout(180_000);
  });
});
