// The buffer pool's rules: reuse of a buffer large enough, a fresh one otherwise, nothing kept
// above the size cap or beyond the count cap, and no buffer handed out twice.
import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool';

describe('BufferPool', () => {
  it('reuses a given-back buffer that is large enough, and allocates otherwise', () => {
    const pool = new BufferPool(2, 1 << 20);
    const a = pool.take(1000);
    expect(a.length).toBeGreaterThanOrEqual(1000);
    pool.give(a);
    expect(pool.take(900)).toBe(a);
    pool.give(a);
    const larger = pool.take(a.length + 1);
    expect(larger).not.toBe(a);
    expect(larger.length).toBeGreaterThan(a.length);
    expect(pool.kept).toBe(1);
  });

  it('never hands the same buffer to two takers, even when given back twice', () => {
    const pool = new BufferPool(4, 1 << 20);
    const a = pool.take(100);
    pool.give(a);
    pool.give(a);
    expect(pool.kept).toBe(1);
    const first = pool.take(100);
    const second = pool.take(100);
    expect(first).toBe(a);
    expect(second).not.toBe(a);
  });

  it('keeps at most maxKept buffers, the largest ones, and none above maxBytes', () => {
    const pool = new BufferPool(2, 10_000);
    const sizes = [100, 5000, 2000];
    const taken = sizes.map((s) => pool.take(s));
    for (const b of taken) pool.give(b);
    expect(pool.kept).toBe(2);
    expect(pool.take(4000)).toBe(taken[1]);
    expect(pool.take(1500)).toBe(taken[2]);
    const huge = pool.take(20_000);
    expect(huge.length).toBe(20_000);
    pool.give(huge);
    expect(pool.kept).toBe(0);
  });
});
