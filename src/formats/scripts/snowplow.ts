/**
 * `dist/waymark.snowplow.js`: the whole script-tag SDK, sending in Snowplow's tracker protocol.
 * `<script async src="waymark.snowplow.js" data-endpoint="https://collector.example.com" data-app-id="shop">`
 * (also `data-namespace`, `data-currency`, `data-post-path`, `data-base64`); every other `data-*`
 * attribute and `waymark('init', …)` work as with `waymark.js`.
 */
// Order matters: the preset queues its `init` before the entry replays the queue.
import './snowplow-preset';
import '../../browser';
