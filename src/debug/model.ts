import type { BusEvents, DeliveryStatus, Touchpoint, WaymarkEvent } from '../types.js';
import type { Report } from './host.js';

export { STAGES } from '../events/taxonomy.js';
export { LIFECYCLES } from '../journey/lifecycle.js';

/** Events kept in the list; older ones leave it (the collector still has them). */
export const MAX_ENTRIES = 300;

/** One event in the list, with what happened to it since. */
export interface Entry {
  event: WaymarkEvent;
  status?: DeliveryStatus;
  reason?: string;
  retryAt?: number;
  /** Validation warnings about this event. */
  warnings: string[];
}

/** Where the shopper is: the journey strip. */
export interface Journey {
  session?: string;
  anonymous?: string;
  user?: string;
  /** Stages reached in the current session. */
  stages: Set<string>;
  lifecycle?: string;
  first?: Touchpoint;
  last?: Touchpoint;
}

/** A web vital as the last `web_vital` event reported it. */
export interface Vital {
  value: number;
  rating?: string;
}

/** What the model tells the view; the view only draws. */
export interface View {
  added(entry: Entry): void;
  changed(entry: Entry): void;
  removed(entry: Entry): void;
  warned(message: string): void;
  journey(journey: Journey): void;
  vitals(vitals: Map<string, Vital>): void;
  counts(events: number, warnings: number): void;
}

/** List a tracked event with the warnings that came before it; past `MAX_ENTRIES` the oldest leaves. */
const list = (view: View, entries: Map<string, Entry>, waiting: Map<string, string[]>, e: WaymarkEvent) => {
  const id = String(e.id);
  const entry: Entry = { event: e, warnings: waiting.get(id) ?? [] };
  waiting.delete(id);
  entries.set(id, entry);
  view.added(entry);
  if (entries.size > MAX_ENTRIES) {
    const [oldest, old] = entries.entries().next().value!;
    entries.delete(oldest);
    view.removed(old);
  }
};

/** The journey strip and the web vitals after a tracked event: a new session starts the stages afresh. */
const follow = (view: View, journey: Journey, vitals: Map<string, Vital>, e: WaymarkEvent) => {
  if (e.session_id != journey.session) journey.stages.clear();
  journey.stages.add(String(e.stage));
  Object.assign(journey, {
    session: e.session_id,
    anonymous: e.anonymous_id,
    user: e.user_id,
    lifecycle: e.lifecycle,
    first: e.first_touch,
    last: e.touch,
  });
  view.journey(journey);
  const p = e.props;
  if (e.type == 'web_vital' && p && typeof p.value == 'number') {
    vitals.set(String(p.name), { value: p.value, rating: p.rating == null ? undefined : String(p.rating) });
    view.vitals(vitals);
  }
};

/** A delivery status: the listed events take it; dropped ones not in the list are a general warning. */
const deliver = (view: View, entries: Map<string, Entry>, general: (message: string) => void, { ids, status, reason, retryAt }: BusEvents['status']) => {
  let unknown = 0;
  for (const id of ids ?? []) {
    const entry = entries.get(id);
    if (!entry) unknown++;
    else {
      Object.assign(entry, { status, reason, retryAt });
      view.changed(entry);
    }
  }
  // Events of an earlier page, or dropped before they were queued (beforeSend returned null).
  if (unknown && status == 'dropped') general(`${unknown} event(s) not in the list dropped: ${reason ?? 'unknown reason'}`);
};

/**
 * The overlay's state, fed with the instance's reports (history first, then live). A validation
 * warning is reported just before its event is, so warnings wait for their event until `settle`.
 */
export const createModel = (view: View) => {
  let entries = new Map<string, Entry>();
  let events = 0;
  let warnings = 0;
  const waiting = new Map<string, string[]>();
  const journey: Journey = { stages: new Set() };
  const vitals = new Map<string, Vital>();
  const counts = () => view.counts(events, warnings);
  const general = (message: string) => {
    warnings++;
    view.warned(message);
    counts();
  };

  const track = (e: WaymarkEvent) => {
    if (!e || typeof e != 'object') return;
    list(view, entries, waiting, e);
    events++;
    follow(view, journey, vitals, e);
    counts();
  };

  const warn = ({ message, id }: BusEvents['warn']) => {
    if (id == null) return general(String(message));
    const entry = entries.get(id);
    warnings++;
    if (entry) {
      entry.warnings.push(String(message));
      view.changed(entry);
    } else waiting.set(id, [...(waiting.get(id) ?? []), String(message)]);
    counts();
  };

  return {
    entries: () => entries,
    journey,
    vitals,
    /** Apply one report of the instance. */
    apply([type, data]: Report) {
      if (type == 'track') track(data);
      else if (type == 'status') deliver(view, entries, general, data);
      else if (type == 'warn') warn(data);
    },
    /** Warnings whose event never came (it was dropped before the queue) become general ones. */
    settle() {
      for (const [id, messages] of waiting) for (const m of messages) view.warned(`${m} (event ${id})`);
      waiting.clear();
    },
    /** Forget the listed events and warnings; the journey strip keeps the session. */
    clear() {
      entries = new Map();
      events = warnings = 0;
      vitals.clear();
      view.vitals(vitals);
      counts();
    },
  };
};

export type Model = ReturnType<typeof createModel>;
