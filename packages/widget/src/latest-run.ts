/**
 * "Latest run wins", the one way the element decides it: each `start()` aborts the run before it,
 * and a run's results apply only while `isLatest(signal)` says it is still the newest. A source may
 * ignore the signal, so the check matters as much as the abort.
 */
export class LatestRun {
  private controller: AbortController | undefined;

  start(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  isLatest(signal: AbortSignal): boolean {
    return !signal.aborted && this.controller?.signal === signal;
  }

  /** The newest run's signal, while it runs. */
  get signal(): AbortSignal | undefined {
    return this.controller && !this.controller.signal.aborted ? this.controller.signal : undefined;
  }

  /** Ends the newest run, whose results then apply nowhere. */
  abort(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}

/** Whether two argument lists hold the same values, compared one by one as `@lit/task` compares its args. */
export function sameArgs(previous: readonly unknown[] | undefined, next: readonly unknown[]): boolean {
  return previous !== undefined && previous.length === next.length && previous.every((value, index) => Object.is(value, next[index]));
}
