// The embedded demo server for one test file: started before its tests, closed after them.
// The opening every file that talks to the demo had written out (let, beforeAll, afterAll).
import { afterAll, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';

/** A demo server for the tests of this file; reading it before they run is an error. */
export function demoForFile(opts: DemoServerOptions = {}): DemoServer {
  let started: DemoServer | undefined;
  beforeAll(async () => {
    started = await startDemoServer(opts);
  });
  afterAll(() => started?.close());
  return new Proxy({} as DemoServer, {
    get(_target, key) {
      if (!started) throw new Error('the demo server starts before the tests: read it inside a test');
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
