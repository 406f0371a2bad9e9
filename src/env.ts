// Small pieces of the browser platform the SDK leans on, in one place.

export const now = (): number => Date.now();

const HEX = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
let pool = new Uint8Array(0);
let used = 0;

/**
 * RFC 4122 version 4 id. Random bytes are drawn 4 KB at a time: `crypto.randomUUID` costs a few
 * microseconds a call, more than the rest of tracking an event (and needs a secure context).
 */
export const uuid = (): string => {
  if (used + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    used = 0;
  }
  const b = pool.subarray(used, (used += 16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  let id = '';
  for (let i = 0; i < 16; i++) id += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + HEX[b[i]!];
  return id;
};

/** Run `fn` once at the end of the current task: coalesces many writes into one. */
export const soon = (fn: () => void): void => void Promise.resolve().then(fn);

export const on = (target: EventTarget, type: string, fn: (e: any) => void, signal?: AbortSignal): void =>
  target.addEventListener(type, fn, { capture: true, signal });
