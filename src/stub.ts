/** The snippet's `window.waymark`: a function that queues its calls in `q` until the SDK arrives. */
export type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

/** `window.waymark`, defined as the snippet would define it when the store's snippet has not run yet. */
export const snippetStub = (): Stub => {
  const w = window as unknown as { waymark?: Stub };
  const stub: Stub =
    w.waymark ||
    (w.waymark = function (...args: unknown[]) {
      (stub.q = stub.q || []).push(args);
    } as Stub);
  return stub;
};
