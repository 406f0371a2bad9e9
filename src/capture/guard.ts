/**
 * Capture modules run inside the store's page on the store's events: whatever they do goes through
 * `guarded`, so nothing they throw reaches the page. In debug mode the failure is printed.
 */
export const guarded =
  <A extends unknown[]>(debug: boolean | undefined, name: string, fn: (...args: A) => void) =>
  (...args: A): void => {
    try {
      fn(...args);
    } catch (e) {
      say(debug, `${name} failed: ${String(e)}`);
    }
  };

/** A debug-mode warning, with the prefix every Waymark warning has. */
export const say = (debug: boolean | undefined, message: string): void => {
  if (debug) console.warn('[waymark] ' + message);
};
