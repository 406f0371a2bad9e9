/** Typed entry of the test server; the implementation is plain ESM so `bench/` can share it. */
export { ROOT, Collector, startServer } from './server.mjs';
export type { TestServer, Reply, Attempt, Responder } from './server.mjs';
