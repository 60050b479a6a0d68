/**
 * The test runner's `press-keys` command: presses keys together (Shift+Tab), then lets them go.
 * @web/test-runner-commands' sendKeys holds a key down only through puppeteer (`down`, `up`); over
 * WebDriver it presses one key at a time, so a chord goes through this command in every engine.
 * Browser side: `pressTogether` in test/helpers/browser.ts.
 */
export function pressKeysPlugin() {
  return {
    name: 'press-keys-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'press-keys') return undefined;
      const keys = payload?.keys;
      if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw new Error('press-keys takes { keys: string[] }');
      if (session.browser.type === 'puppeteer') {
        const { keyboard } = session.browser.getPage(session.id);
        for (const key of keys) await keyboard.down(key);
        for (const key of [...keys].reverse()) await keyboard.up(key);
        return true;
      }
      if (session.browser.type === 'webdriver') {
        // WebdriverIO's keys() holds every key of the list down, then lets them all go.
        await session.browser.sendKeys(session.id, keys);
        return true;
      }
      throw new Error(`press-keys does not support the ${session.browser.type} launcher`);
    },
  };
}
