import type { BusEvents, Waymark } from '../types.js';
import type { Store } from '../storage.js';

/** One thing the instance reported, as the overlay replays it. */
export type Report = { [K in keyof BusEvents]: [K, BusEvents[K]] }[keyof BusEvents];

/** What the core hands the debug overlay when it opens. */
export interface OverlayHost {
  waymark: Waymark;
  /** Where the overlay keeps its own state for the tab: nothing is written without consent. */
  store: Store;
  /** The latest reports (oldest first) from before the overlay opened. */
  history: Report[];
  /** The visible close control calls this: the overlay is removed and the tab forgets it. */
  close(): void;
}

/** The overlay chunk's default export: mounts the panel, returns a function that removes it. */
export type MountOverlay = (host: OverlayHost) => () => void;
