// Plain JavaScript, so that the browser tests (test/helpers/browser.ts) and the soak
// (bench/soak.mjs, which gives its source to the page as an init script) share one recorder.
/* global window */

/**
 * Counts the page's timers created and cleared from now on, to show that none is left running.
 * Self-contained (it reads nothing outside itself but `window`): the soak runs it from its source.
 * @returns {{ pending: () => number, restore: () => void }}
 */
export function recordTimers() {
  const live = new Set();
  const { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop } = window;
  window.setTimeout = (handler, delay, ...rest) => {
    const id = set(
      (...args) => {
        live.delete(id);
        if (typeof handler === 'function') handler(...args);
      },
      delay,
      ...rest,
    );
    live.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    if (id !== undefined) live.delete(id);
    clear(id);
  };
  window.setInterval = (handler, delay, ...rest) => {
    const id = every(handler, delay, ...rest);
    live.add(id);
    return id;
  };
  window.clearInterval = (id) => {
    if (id !== undefined) live.delete(id);
    stop(id);
  };
  return {
    pending: () => live.size,
    restore: () => Object.assign(window, { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop }),
  };
}
