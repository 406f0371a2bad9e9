import type { BusEvents, PageContext, Props, TrackOptions, WaymarkEvent } from '../types.js';
import type { Bus } from '../bus.js';
import type { Config } from '../config.js';
import type { Env } from '../env.js';
import type { Warn } from '../log.js';
import type { State } from '../context/state.js';
import type { ConsentGate } from '../privacy/consent.js';
import type { Protect } from '../privacy/redact.js';
import type { Outbox } from '../delivery/outbox.js';

/** The parts of an instance that the stages work with. */
export interface Core {
  env: Env;
  config: Config;
  bus: Bus<BusEvents>;
  warn: Warn;
  state: State;
  gate: ConsentGate;
  protect: Protect;
  outbox: Outbox;
  /** The page events are tracked on; each page view replaces it. */
  page: PageContext;
  /** The browser is driven by automation or is a crawler. */
  automated: boolean;
  /** Events that will never leave, and why. */
  drop(ids: string[], reason: string): void;
}

/** One event on its way through the pipeline: what the store gave, and what the stages made of it. */
export interface Draft {
  id: string;
  type: string;
  input: unknown;
  options?: TrackOptions;
  traits?: Props;
  /** From validate: the checked copy of the properties, the fields left out, and why. */
  props: Props;
  invalid: string[];
  /** From enrich: the page view starts a visit (or is a new visitor's first). */
  landing: boolean;
  /** From enrich on: the event itself. */
  event: WaymarkEvent;
  /** From protect: the event's JSON, safe to store and send. */
  json: string;
}

/** A step of the pipeline: works on the draft; `false` stops the event there. */
export type Stage = (draft: Draft, core: Core) => boolean | void;
