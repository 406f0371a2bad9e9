/** What to do with a batch after the collector answered (or did not). */
export type Verdict = 'done' | 'retry' | 'split' | 'reject';

/**
 * 2xx: delivered. 408, 429, 5xx and network errors (status 0): try again later. 413: the batch is
 * too large for the collector, send it in halves. Any other 4xx will not get better by retrying.
 */
export const judge = (status: number): Verdict =>
  status >= 200 && status < 300
    ? 'done'
    : status == 413
      ? 'split'
      : !status || status == 408 || status == 429 || status >= 500
        ? 'retry'
        : 'reject';

/**
 * Milliseconds to wait before attempt `attempt` (1-based): the collector's `Retry-After` (seconds or
 * an HTTP date) when it gave one, else exponential backoff from one second with equal jitter, so a
 * fleet of browsers that saw the same outage does not return at the same instant.
 */
export const retryDelay = (attempt: number, maxDelay: number, retryAfter?: string | null, at = Date.now()): number => {
  if (retryAfter) {
    const ms = /^\d+$/.test(retryAfter.trim()) ? +retryAfter * 1000 : Date.parse(retryAfter) - at;
    if (ms >= 0) return Math.min(ms, 3_600_000);
  }
  const ceiling = Math.min(maxDelay, 1000 * 2 ** (attempt - 1));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
};
