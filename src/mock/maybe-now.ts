// Most answers need nothing to wait for (a known token, a refusal): each step hands on its value at once,
// and only a step that waits (a body still arriving, a first verify, an injected delay) makes a promise.
// Over HTTP an await per step cost more than the claims check itself.

/** A value now, or a promise of it when a step had to wait. */
export type Now<T> = T | Promise<T>;

/**
 * Whether a step is still waiting. A thenable, not only `instanceof Promise`: a fetch Request's `text()`
 * is a promise of another realm under test runners. The values passed on are JSON and plain objects,
 * where `then` is never a function.
 */
export function waiting<T>(value: Now<T>): value is Promise<T> {
  return value instanceof Promise || (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function");
}

/** `next(value)`, at once for a value, after it for a promise. */
export function then<T, U>(value: Now<T>, next: (value: T) => Now<U>): Now<U> {
  return waiting(value) ? value.then(next) : next(value);
}

/**
 * `run()`, then `next` of its value, or `failed` of what it threw at once or rejected with: the
 * try/catch and the `.then(next, failed)` of one step in one place. As with `.then`, what `next` throws
 * is not given to `failed`.
 */
export function attempt<T, U>(run: () => Now<T>, next: (value: T) => Now<U>, failed: (caught: unknown) => Now<U>): Now<U> {
  let value: Now<T>;
  try {
    value = run();
  } catch (caught) {
    return failed(caught);
  }
  return waiting(value) ? value.then(next, failed) : next(value);
}
