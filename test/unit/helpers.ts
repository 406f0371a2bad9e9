import type { WaymarkConfig, WaymarkEvent, WireBatch } from '../../src/types';
import type { Response, Transport } from '../../src/delivery/transport';
import { afterEach } from 'vitest';
import { createWaymark } from '../../src/waymark';

/** Instances of the current test; detached from the page after it. */
let running = new AbortController();
afterEach(() => {
  running.abort();
  running = new AbortController();
});

/** A transport that records what leaves and answers as the test says (200 by default). */
export const fakeTransport = () => {
  const posts: WireBatch[] = [];
  const beacons: WireBatch[] = [];
  let answer: (n: number) => Response = () => ({ status: 200 });
  let beaconOk = true;
  const transport: Transport = {
    post: async (_url, body) => {
      posts.push(JSON.parse(body));
      return answer(posts.length);
    },
    beacon: (_url, body) => {
      if (beaconOk) beacons.push(JSON.parse(body));
      return beaconOk;
    },
  };
  return {
    transport,
    posts,
    beacons,
    /** Events of every request and beacon, in the order they left. */
    events: (): WaymarkEvent[] => [...posts, ...beacons].flatMap((b) => b.events),
    answer: (fn: (n: number) => Response) => void (answer = fn),
    refuseBeacons: () => void (beaconOk = false),
  };
};

/** Dependencies for a Waymark instance created by hand in a test. */
export const deps = (transport: Transport) => ({ transport, signal: running.signal });

/** A Waymark instance on the current jsdom page with a fake transport; page views off by default. */
export const start = (config: Partial<WaymarkConfig> = {}) => {
  const net = fakeTransport();
  const waymark = createWaymark(
    { endpoint: 'https://collect.test/e', trackPages: false, ...config },
    { transport: net.transport, signal: running.signal },
  );
  return { waymark, net };
};

/** Let promises and zero-delay timers run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** Pretend the jsdom page was opened at `url` coming from `referrer`. */
export const openPage = (url: string, referrer = '') => {
  history.replaceState(null, '', url);
  Object.defineProperty(document, 'referrer', { value: referrer, configurable: true });
};
