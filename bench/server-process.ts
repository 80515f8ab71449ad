// The server as a child process lives with the test support; benchmarks use it from here.
export * from '../apps/server/src/platform/server-process.js';
