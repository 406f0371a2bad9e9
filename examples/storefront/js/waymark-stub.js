// The Waymark snippet: queue calls until /waymark.js (loaded with `async`) arrives and replays them.
window.waymark = window.waymark || function () { var a = arguments; return new Promise(function (r) { a.r = r; (waymark.q = waymark.q || []).push(a); }); };
