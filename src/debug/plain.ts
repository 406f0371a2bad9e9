/**
 * A JSON-safe copy of anything an event may hold. `beforeSend` can put anything on an event, so
 * cycles become `"[circular]"`, bigints and functions become strings, and a getter that throws
 * becomes its error: showing or copying an event never throws.
 */
export const plain = (value: unknown, parents: object[] = []): unknown => {
  if (typeof value == 'bigint') return String(value);
  if (typeof value == 'function' || typeof value == 'symbol') return `[${typeof value}]`;
  if (!value || typeof value != 'object') return value;
  if (parents.includes(value)) return '[circular]';
  const inner = [...parents, value];
  try {
    if (Array.isArray(value)) return value.map((v) => plain(v, inner));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key], inner);
    return out;
  } catch (e) {
    return '[' + e + ']';
  }
};

/** The event as indented JSON, for the clipboard. */
export const json = (value: unknown): string => JSON.stringify(plain(value), null, 2) ?? '';
