// Photo handles (security gate and scale): unguessable, short-lived, cleared with the session, and
// issued in O(1) with no cap that a gallery can reach, so a big gallery never blanks its own tiles.
import { describe, expect, it } from 'vitest';
import { HANDLE_TTL_MS, MAX_HANDLES_PER_CLIENT, PhotoHandles } from './handles';

const target = (i: number) => ({ blobId: `blob-${i}`, mime: 'image/jpeg', userId: 'u1' });

describe('photo handles', () => {
  it('are 256-bit random tokens that resolve to their target until they expire', () => {
    let now = 1_000;
    const handles = new PhotoHandles(() => now);
    const a = handles.issue(target(1));
    const b = handles.issue(target(1));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(handles.resolve(a)).toMatchObject(target(1));
    now += HANDLE_TTL_MS - 1;
    expect(handles.resolve(a)).not.toBeNull();
    now += 1;
    expect(handles.resolve(a)).toBeNull();
    expect(handles.resolve('x'.repeat(43))).toBeNull();
  });

  it('stay distinct 256-bit tokens across the blocks their randomness is drawn in', () => {
    const handles = new PhotoHandles(() => 0);
    const tokens = Array.from({ length: 1_000 }, (_, i) => handles.issue(target(i)));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      // A wiped (all-zero) block would show as the same "AAAA…" token again and again.
      expect(t).not.toBe('A'.repeat(43));
    }
    tokens.forEach((t, i) => expect(handles.resolve(t)).toMatchObject(target(i)));
  });

  it('clear() (sign-out, lock, user switch) kills every handle', () => {
    const handles = new PhotoHandles(() => 0);
    const tokens = Array.from({ length: 10 }, (_, i) => handles.issue(target(i)));
    handles.clear();
    for (const t of tokens) expect(handles.resolve(t)).toBeNull();
  });

  it('a gallery far past the old 5,000-handle cap keeps its first tiles resolvable', () => {
    const handles = new PhotoHandles(() => 0);
    const tokens = Array.from({ length: 20_000 }, (_, i) => handles.issue(target(i)));
    expect(handles.resolve(tokens[0]!)).toMatchObject(target(0));
    expect(handles.resolve(tokens[19_999]!)).toMatchObject(target(19_999));
  });

  it('drops expired handles as it issues, without growing', () => {
    let now = 0;
    const handles = new PhotoHandles(() => now);
    for (let i = 0; i < 1_000; i++) handles.issue(target(i));
    now += HANDLE_TTL_MS;
    handles.issue(target(0));
    expect(handles.size).toBe(1);
  });

  it('issuing costs the same with 60,000 live handles as with none (no scan of the table)', () => {
    let now = 0;
    // A clock that advances keeps every handle live while issuing, the worst case for a scan.
    const handles = new PhotoHandles(() => now++ / 1_000);
    const batch = (n: number) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) handles.issue(target(i));
      return performance.now() - t;
    };
    batch(2_000); // warm-up
    handles.clear();
    const empty = Math.min(batch(2_000), batch(2_000));
    batch(56_000);
    expect(handles.size).toBe(60_000);
    const full = Math.min(batch(2_000), batch(2_000));
    // Scanning 60,000 entries per issue would make this hundreds of times slower; O(1) stays near 1.
    expect(full / empty).toBeLessThan(8);
  });

  it('keeps a memory bound far above any gallery, dropping the oldest first', () => {
    const handles = new PhotoHandles(() => 0);
    const first = handles.issue(target(0));
    for (let i = 1; i <= MAX_HANDLES_PER_CLIENT; i++) handles.issue(target(i));
    expect(handles.size).toBe(MAX_HANDLES_PER_CLIENT);
    expect(handles.resolve(first)).toBeNull();
  });
});
