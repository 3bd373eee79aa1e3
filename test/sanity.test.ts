import { describe, it, expect } from 'vitest';
describe('sanity', () => { it('adds', () => { expect(1 + 1).toBe(2); }); });
