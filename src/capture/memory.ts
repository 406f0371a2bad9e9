/**
 * What capture modules remember between page loads, in localStorage under `wm.<name>`. Storage
 * that is missing, full or holds garbage reads as nothing: the module then forgets, never fails.
 */
export const recall = <T>(key: string): T | null => {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
};

export const keep = (key: string, value: unknown): void => {
  try {
    value == null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Without storage the state lives only as long as this page.
  }
};
