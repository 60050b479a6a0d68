// What the test summary says of each browser test that failed, from @web/test-runner's output: its
// name with the engine, its error's first line, and where in a test file it was thrown. CI keeps
// only the end of the output, where the summary is.

/**
 * The summary's lines for the failed tests in `output`, a run of @web/test-runner in `engine`. A
 * failure's details are the indented lines under its name, blank ones included (an assertion's
 * diff has some), up to the next failure or the next line that is not indented.
 */
export function failedTestLines(engine, output) {
  const lines = [];
  for (const [, name, details] of output.matchAll(/^\s*❌ (.+)\n((?:(?![ \t]*❌)(?:[ \t]+.*)?\n)*)/gm)) {
    lines.push(`  ✖ [${engine}] ${name}`);
    const detail = details.split('\n').map((line) => line.trim());
    const error = detail.find(Boolean);
    const at = detail.find((line) => /^at .*\.test\.ts:\d+/.test(line));
    for (const line of [error, at]) if (line) lines.push(`      ${line}`);
  }
  return lines;
}
