// The Waymark snippet: queue calls until /waymark.js (loaded with `async`) arrives and replays them.
window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments); };
