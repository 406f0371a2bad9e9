// Small pieces of the browser platform the SDK leans on, in one place.

export const now = (): number => Date.now();

/** RFC 4122 version 4 id. `randomUUID` needs a secure context, `getRandomValues` does not. */
export const uuid = (): string =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
        (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
      );

/** Run `fn` once at the end of the current task: coalesces many writes into one. */
export const soon = (fn: () => void): void => void Promise.resolve().then(fn);

export const on = (target: EventTarget, type: string, fn: (e: any) => void, signal?: AbortSignal): void =>
  target.addEventListener(type, fn, { capture: true, signal });
