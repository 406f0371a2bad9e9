import type { WaymarkConfig } from '../../types.js';
import { snippetStub } from '../../stub.js';

/**
 * Put `waymark('init', config)` at the head of the snippet's queue, for the script-tag entry that
 * runs right after this (in the same file) to pick up: the store's own `init` calls come later in
 * the queue, so they still win. Options come from this script tag's `data-*` attributes, read now
 * because `document.currentScript` is only set while the file runs.
 */
export const preset = (make: (data: DOMStringMap) => Partial<WaymarkConfig>): void => {
  try {
    const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};
    const stub = snippetStub();
    (stub.q = stub.q || []).unshift(['init', make(data)]);
  } catch {
    // A preset must never break the store's page; the entry then runs with its data-* attributes.
  }
};
