/**
 * `dist/waymark.segment.js`: the whole script-tag SDK, sending in Segment's format.
 * `<script async src="waymark.segment.js" data-endpoint="https://api.segment.io" data-write-key="…">`;
 * every other `data-*` attribute and `waymark('init', …)` work as with `waymark.js`.
 */
// Order matters: the preset queues its `init` before the entry replays the queue.
import './segment-preset';
import '../../browser';
