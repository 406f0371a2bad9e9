import type { Touchpoint } from '../types.js';
import type { Entry } from './model.js';

/** Local wall-clock time of a timestamp, to the second. */
export const time = (ts: unknown): string => {
  const d = new Date(ts as number);
  return isNaN(+d) ? '--:--:--' : d.toTimeString().slice(0, 8);
};

/** A touchpoint in one line: channel · source · campaign. */
export const touch = (t?: Partial<Touchpoint>): string =>
  t && typeof t == 'object' ? [t.channel, t.source, t.campaign].filter((x) => x != null && x !== '').join(' · ') : '–';

/** Delivery status in words: the next attempt of a retry, the reason of a drop. */
export const status = ({ status, reason, retryAt }: Entry): string =>
  !status
    ? 'unknown'
    : status == 'retrying'
      ? 'retrying' + (retryAt ? ' at ' + time(retryAt) : '') + (reason ? ` (${reason})` : '')
      : status + (reason ? ` (${reason})` : '');

/** A web vital's value: CLS has no unit, the others are milliseconds. */
export const vital = (name: string, value: number): string =>
  name == 'CLS' ? value.toFixed(3) : Math.round(value) + ' ms';
