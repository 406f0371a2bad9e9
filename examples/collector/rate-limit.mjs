// @ts-check
/**
 * A token bucket per client: `burst` requests at once, refilled at `perSecond`. A client that
 * empties its bucket is told how long to wait (the `Retry-After` of a 429).
 * @param {{ burst: number, perSecond: number, maxClients?: number }} options
 */
export const createRateLimit = ({ burst, perSecond, maxClients = 10_000 }) => {
  /** @type {Map<string, { tokens: number, at: number }>} */
  const buckets = new Map();
  return {
    /**
     * Take one token for `client`: 0 if allowed, else seconds to wait.
     * @param {string} client
     * @param {number} [now]
     */
    take(client, now = Date.now()) {
      let b = buckets.get(client);
      if (!b) {
        // Forget clients whose bucket refilled (the oldest first) rather than grow without bound.
        if (buckets.size >= maxClients) {
          for (const [k, v] of buckets) if (v.tokens + ((now - v.at) / 1000) * perSecond >= burst) buckets.delete(k);
          for (const k of buckets.keys()) if (buckets.size >= maxClients) buckets.delete(k);
        }
        b = { tokens: burst, at: now };
        buckets.set(client, b);
      }
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
};
