import { describe, expect, it } from 'vitest';

import { lockdownWorkerScope } from './worker-lockdown.ts';

describe('worker lockdown', () => {
  it('removes the globals from the scope and from the prototype they come from', () => {
    class Proto {}
    Object.defineProperty(Proto.prototype, 'caches', {
      get: () => 'cache storage',
      configurable: true,
    });
    const scope = Object.create(Proto.prototype) as Record<string, unknown>;
    scope.indexedDB = 'idb';
    scope.navigator = { serviceWorker: 'container' };
    scope.fetch = 'fetch stays';
    const removed = lockdownWorkerScope(scope);
    expect(removed.sort()).toEqual(['caches', 'indexedDB', 'serviceWorker']);
    expect(scope.caches).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(Proto.prototype, 'caches')).toBeUndefined();
    expect(scope.indexedDB).toBeUndefined();
    expect((scope.navigator as Record<string, unknown>).serviceWorker).toBeUndefined();
    expect(scope.fetch).toBe('fetch stays');
  });
});
