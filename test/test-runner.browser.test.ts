// The guard every browser test file runs after (test/helpers/readable-failures.ts): a failed
// assertion about a DOM node must reach the runner, which structured-clones what it reports.
import { expect } from '@open-wc/testing';

function failureOf(assertion: () => void): { message: string; actual?: unknown; expected?: unknown } {
  try {
    assertion();
  } catch (error) {
    return error as { message: string; actual?: unknown; expected?: unknown };
  }
  throw new Error('the assertion passed');
}

describe('a failed assertion about a DOM node', () => {
  it('can be cloned for the report, and still says which node it was about', () => {
    const button = document.createElement('button');
    button.setAttribute('part', 'unlink-button');
    const failure = failureOf(() => expect(button).to.equal(null));
    const { actual, expected, message } = structuredClone({ actual: failure.actual, expected: failure.expected, message: failure.message });
    expect(actual).to.equal('<button part="unlink-button">');
    expect(expected).to.equal(null);
    expect(message).to.contain('unlink-button');
  });

  it('describes a node on either side', () => {
    const failure = failureOf(() => expect(null).to.equal(document.body));
    expect(structuredClone(failure.expected)).to.equal('<body>');
  });
});
