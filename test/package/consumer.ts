// A store's code against the packed package: test/node/package.test.ts type-checks it under each
// tsconfig here (bundler, node16, nodenext; skipLibCheck off) with both TypeScript majors.
import { createWaymark, TAXONOMY } from 'waymark';
import type { JourneyStage, UntypedEvent, WaymarkEvent } from 'waymark';
import { webVitals } from 'waymark/capture/vitals';
import { engagement } from 'waymark/capture/engagement';
import { segment } from 'waymark/formats/segment';

declare module 'waymark' {
  interface CustomEvents {
    wishlist_shared: { list_id: string };
  }
}

const waymark = createWaymark({ endpoint: '/collect', plugins: [webVitals(), engagement()], format: segment({ writeKey: 'k' }) });
const stage: JourneyStage = TAXONOMY.order_completed[0];

waymark.track('order_completed', { order_id: 'o1', value: 30, currency: 'EUR' }, { stage });
waymark.track('cart_viewed');
waymark.track('wishlist_shared', { list_id: 'w1' });
waymark.track('quiz_answered' as UntypedEvent, { answer: 3 });
waymark.on('track', (event: WaymarkEvent) => event.lifecycle);
const empty: Promise<boolean> = waymark.flush();
void empty;

// @ts-expect-error order_id and currency are required
waymark.track('order_completed', { value: 10 });
// @ts-expect-error a near miss of a built-in event is not a custom event
waymark.track('order_complete', { order_id: 'o1', value: 10, currency: 'EUR' });
// @ts-expect-error a declared custom event is checked
waymark.track('wishlist_shared', {});
// @ts-expect-error the instance is typed, not any
waymark.trackk('cart_viewed');
