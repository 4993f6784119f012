// An async iterator over a pull function that answers synchronously when it can (one resolved promise per
// item, no extra microtasks) and serialises overlapping next() calls. Leaves out buffering and read-ahead.

/** True when `value` has a callable `then` (a promise or any thenable). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** Produces the next item, `null` at the end, or a promise of either. */
export type Pull<T> = () => T | null | PromiseLike<T | null>;

/**
 * Wraps `pull` as an `AsyncIterableIterator`. After `null`, an error, or `return()`, `onClose` runs once and
 * every later `next()` reports done. A `next()` issued while a previous one is pending waits for it.
 */
export class PullIterator<T> implements AsyncIterableIterator<T> {
  private busy: Promise<IteratorResult<T, undefined>> | undefined;
  private closed = false;

  constructor(
    private readonly pull: Pull<T>,
    private readonly onClose: () => void,
  ) {}

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.busy !== undefined) {
      const retry = (): Promise<IteratorResult<T, undefined>> => this.next();
      return this.busy.then(retry, retry);
    }
    if (this.closed) return Promise.resolve(DONE);
    let pulled: T | null | PromiseLike<T | null>;
    try {
      pulled = this.pull();
    } catch (error) {
      this.close();
      return Promise.reject(error);
    }
    if (!isThenable(pulled)) return Promise.resolve(this.settle(pulled as T | null));
    const busy = Promise.resolve(pulled).then(
      (value) => {
        this.busy = undefined;
        return this.settle(value);
      },
      (error: unknown) => {
        this.busy = undefined;
        this.close();
        throw error;
      },
    );
    this.busy = busy;
    return busy;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.close();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settle(value: T | null): IteratorResult<T, undefined> {
    if (value === null || this.closed) {
      this.close();
      return DONE;
    }
    return { done: false, value };
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
