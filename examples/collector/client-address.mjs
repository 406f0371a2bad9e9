// @ts-check
/**
 * Who sent a request, for the rate limit. `X-Forwarded-For` is only believed when it was written
 * by a proxy we trust: the socket's peer must be a trusted proxy, and the client is the rightmost
 * address of the header that is not itself a trusted proxy (whatever a client wrote to the left of
 * it is its own invention, so spoofing the header cannot buy a new bucket).
 */
import net from 'node:net';

/** Loopback peers: the shop's own server on this machine. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * `trustProxy`: false (the socket's address, always), true (trust loopback proxies) or the list of
 * proxy addresses to trust.
 * @param {boolean | string[]} trustProxy
 */
export const clientAddressOf = (trustProxy) => {
  const trusted = (/** @type {string} */ ip) => (Array.isArray(trustProxy) ? trustProxy.includes(ip) : trustProxy && LOOPBACK.test(ip));
  /** @param {import('node:http').IncomingMessage} req */
  return (req) => {
    const peer = req.socket.remoteAddress || 'unknown';
    if (!trustProxy || !trusted(peer)) return peer;
    const hops = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => net.isIP(h));
    for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i])) return hops[i];
    return hops[0] ?? peer;
  };
};
