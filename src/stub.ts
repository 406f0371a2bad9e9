/**
 * A call as the snippet queues it: the arguments, and (snippets that return a promise) `r`, which
 * settles that promise with what the call returned once the SDK has made it.
 */
export type QueuedCall = ArrayLike<unknown> & { r?: (result: unknown) => void };

/**
 * The snippet's `window.waymark`: a function that queues its calls in `q` until the SDK arrives.
 * Once loaded, the SDK puts a function in its place that returns what the instance returns.
 */
export type Stub = ((...args: unknown[]) => unknown) & { q?: QueuedCall[]; loaded?: boolean };

/** `window.waymark`, defined as the snippet would define it when the store's snippet has not run yet. */
export const snippetStub = (): Stub => {
  const w = window as unknown as { waymark?: Stub };
  const stub: Stub =
    w.waymark ||
    (w.waymark = function (...args: unknown[]) {
      return new Promise((r) => (stub.q = stub.q || []).push(Object.assign(args, { r })));
    } as Stub);
  return stub;
};
