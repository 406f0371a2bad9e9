/**
 * The tiny event bus that optional parts (debug overlay, capture modules) hang off, so the core
 * never imports them. A listener that throws is isolated: the others and the SDK carry on.
 */
export interface Bus<T> {
  on<K extends keyof T>(type: K, fn: (data: T[K]) => void): () => void;
  emit<K extends keyof T>(type: K, data: T[K]): void;
}

export const createBus = <T>(): Bus<T> => {
  // A Map, so that a listener for `constructor` or `__proto__` is just an unknown event.
  const listeners = new Map<keyof T, Set<(data: any) => void>>();
  return {
    on(type, fn) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set.add(fn));
      return () => void set.delete(fn);
    },
    emit(type, data) {
      listeners.get(type)?.forEach((fn) => {
        try {
          fn(data);
        } catch {
          // A plugin's failure must not reach the store's page nor stop the pipeline.
        }
      });
    },
  };
};
