// @ts-check
/**
 * A request body as the SDK sends it, back to the batch it stands for (schema/wire.json): gzip
 * is known by its first two bytes, and what a batch says once in `shared` goes back into each of
 * its events.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const unzip = promisify(gunzip);

/** A body that is over the size limit once decompressed: the answer is 413. */
export class TooLarge extends Error {}

/**
 * The text of a body, decompressed when it starts with the gzip magic bytes (1f 8b: JSON text
 * never does), and never larger than `maxBytes` once decompressed: a small body that inflates
 * to gigabytes (a zip bomb) is stopped at the limit.
 * @param {Buffer} body
 * @param {number} maxBytes
 * @returns {Promise<string>} rejects with {@link TooLarge}, or with zlib's error for a broken gzip body
 */
export const bodyText = async (body, maxBytes) => {
  if (body[0] != 0x1f || body[1] != 0x8b) return body.toString('utf8');
  try {
    return (await unzip(body, { maxOutputLength: maxBytes })).toString('utf8');
  } catch (e) {
    throw /** @type {any} */ (e).code == 'ERR_BUFFER_TOO_LARGE' ? new TooLarge(`body is over the limit of ${maxBytes} bytes once decompressed`) : e;
  }
};

/**
 * The events of a parsed batch with the fields of its `shared` object put back: each event
 * takes every `shared` field it does not have itself. A batch without `shared` (version 1, or
 * one whose events have nothing in common) is returned as it is; so is anything that is not a
 * batch, for the validation to name what is wrong.
 * @param {any} batch
 * @returns {any}
 */
export const expandBatch = (batch) => {
  const shared = batch?.shared;
  if (!shared || typeof shared != 'object' || Array.isArray(shared) || !Array.isArray(batch.events)) return batch;
  const { shared: _, ...rest } = batch;
  const events = batch.events.map((/** @type {unknown} */ e) => {
    if (!e || typeof e != 'object' || Array.isArray(e)) return e;
    const out = { ...e };
    // defineProperty, not assignment: a field named `__proto__` stays a field.
    for (const [k, v] of Object.entries(shared)) if (!Object.hasOwn(out, k)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
  return { ...rest, events };
};
