import type { Plugin } from '../../types.js';
import { snippetStub } from '../../stub.js';

/**
 * Register a capture module of the script-tag build with Waymark, through the same stub as the
 * store's snippet: before `waymark.js` has loaded the call waits in `waymark.q`; after, it goes
 * straight to the instance. Options come from this script tag's `data-*` attributes, so this must
 * run while the script is being executed (`document.currentScript` is null later).
 */
export const register = (make: (data: DOMStringMap) => Plugin): void => {
  try {
    const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};
    snippetStub()('use', make(data));
  } catch {
    // A capture module must never break the store's page.
  }
};

/** `data-x` present and not "false". */
export const flag = (v: string | undefined): boolean => v != null && v != 'false';

/** `data-x` as a positive number, else undefined. */
export const number = (v: string | undefined): number | undefined => (v && +v > 0 ? +v : undefined);
