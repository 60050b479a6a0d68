import { sameArgs } from './latest-run.js';

/**
 * A value worked out again only when one of its arguments changes (compared one by one, as
 * `sameArgs` compares them): an update that changed something else gets the same value, and an
 * array the same array, which what is made from it can then keep too.
 */
export class Memo<T> {
  private args: readonly unknown[] | undefined;
  private value: T | undefined;

  get(args: readonly unknown[], make: () => T): T {
    if (!sameArgs(this.args, args)) {
      this.value = make();
      this.args = args;
    }
    return this.value as T;
  }
}
