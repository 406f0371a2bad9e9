// @ts-check
/**
 * The lock on everything that reads data. Ingest (`POST /collect`) is public, since every shopper's
 * browser posts to it; the report, the map, journeys and `/events` show every customer's journey,
 * so they need the read token: `Authorization: Bearer <token>`, or (for pages opened in a browser)
 * the cookie set by opening a page once with `?token=`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const COOKIE = 'waymark_read';

/** A fresh token: 32 random bytes, base64url. */
export const newReadToken = () => randomBytes(32).toString('base64url');

/** SHA-256 of a string: equal-length digests, so the comparison below takes the same time for any guess. */
const digest = (/** @type {string} */ s) => createHash('sha256').update(s, 'utf8').digest();

/** The value of cookie `name` in a Cookie header, if present. */
const cookieOf = (/** @type {string | undefined} */ header, /** @type {string} */ name) => {
  for (const part of String(header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() == name) return part.slice(eq + 1).trim();
  }
  return undefined;
};

/**
 * @param {string} token the read token
 */
export const createReadAccess = (token) => {
  const expected = digest(token);
  const matches = (/** @type {string | undefined | null} */ given) => given != null && timingSafeEqual(digest(given), expected);

  return {
    /**
     * Whether the request carries the token (bearer header or cookie).
     * @param {import('node:http').IncomingMessage} req
     */
    allows(req) {
      const auth = String(req.headers.authorization ?? '');
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
      return matches(bearer) || matches(cookieOf(req.headers.cookie, COOKIE));
    },
    /**
     * A page opened with `?token=`: when the token is right, set the cookie and answer with a
     * redirect to the same URL without it (so the token leaves the address bar and the history).
     * Returns false when the URL has no token; a wrong token gets the same 401 as none.
     * @param {URL} url
     * @param {import('node:http').ServerResponse} res
     */
    redeem(url, res) {
      if (!url.searchParams.has('token')) return false;
      if (!matches(url.searchParams.get('token'))) {
        refuse(res);
        return true;
      }
      const clean = new URL(url);
      clean.searchParams.delete('token');
      res.writeHead(303, {
        Location: clean.pathname + clean.search,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end();
      return true;
    },
  };
};

/**
 * 401 with an empty body: a reader without the token learns nothing but that a token is needed.
 * @param {import('node:http').ServerResponse} res
 */
export const refuse = (res) => {
  res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="waymark"', 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
};
