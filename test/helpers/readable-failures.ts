// Loaded before every browser test file (see web-test-runner.config.mjs). A failed assertion about
// a DOM node, such as `expect(button).to.equal(null)`, would otherwise never be reported: the runner
// structured-clones the error to send it to Node, a node cannot be cloned, and the whole run hangs
// until its time limit (modernweb-dev/web#2967, open-wc/open-wc#2880). The failure keeps its
// message; the node in it becomes a short description such as `<button part="unlink-button">`.
// It patches the chai that @open-wc/testing re-exports, imported directly: importing
// @open-wc/testing here, before mocha has defined `afterEach`, would skip its fixture cleanup.
import chai from '@esm-bundle/chai';

const describeNode = (node: Node): string =>
  node instanceof Element ? node.outerHTML.slice(0, node.outerHTML.indexOf('>') + 1) || `<${node.localName}>` : node.nodeName;

const readable = (value: unknown): unknown => (value instanceof Node ? describeNode(value) : value);

const { assert } = chai.Assertion.prototype;
chai.Assertion.prototype.assert = function (this: Chai.AssertionStatic, ...args: Parameters<typeof assert>) {
  try {
    return assert.apply(this, args);
  } catch (error) {
    const failure = error as { actual?: unknown; expected?: unknown };
    failure.actual = readable(failure.actual);
    failure.expected = readable(failure.expected);
    throw error;
  }
};
