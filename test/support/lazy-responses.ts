// Setup for every test file: a data response the reader made lazily (LazyDataResponse) keeps
// its values behind a getter, which deep equality does not see (it compares own properties).
// So wherever one is compared, it is compared as the plain response it stands for: kind, name,
// number and values, the values built. Without this, two responses with different values
// would compare equal.

import { expect } from 'vitest';
import { LazyDataResponse } from '../../src/protocol/imap/lazy-response.js';
import type { DataResponse } from '../../src/protocol/imap/types.js';

function asPlain(v: unknown): unknown {
  if (!(v instanceof LazyDataResponse)) return v;
  const plain: DataResponse = { kind: 'data', name: v.name, values: v.values };
  if (v.number !== undefined) plain.number = v.number;
  return plain;
}

expect.addEqualityTesters([
  function lazyDataResponses(a: unknown, b: unknown, testers) {
    if (!(a instanceof LazyDataResponse) && !(b instanceof LazyDataResponse)) return undefined;
    return this.equals(asPlain(a), asPlain(b), testers);
  },
]);
