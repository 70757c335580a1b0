import { describe, expect, it } from 'vitest';
import { KeyboardBurstDetector } from './burst';

/** Feeds `text` then Enter with `gap` ms between keys; returns the last verdict. */
function type(d: KeyboardBurstDetector, text: string, gap: number, start = 1000) {
  let t = start;
  for (const ch of text) {
    d.key(ch, t);
    t += gap;
  }
  return d.key('Enter', t);
}

describe('keyboard-wedge scanner burst detection', () => {
  it('recognises a scanner burst ending in Enter', () => {
    expect(type(new KeyboardBurstDetector(), 'MRN-004217', 8)).toEqual({ kind: 'scan', value: 'MRN-004217', startedAt: 1000 });
  });

  it('tolerates the odd hiccup inside a scanner burst', () => {
    const d = new KeyboardBurstDetector();
    const gaps = [0, 7, 42, 5, 4, 16, 5, 4, 6];
    let t = 500;
    const keys = [...'NG-88031', 'Enter'];
    let verdict = d.key(keys[0]!, t);
    for (let i = 1; i < keys.length; i++) verdict = d.key(keys[i]!, (t += gaps[i]!));
    expect(verdict).toEqual({ kind: 'scan', value: 'NG-88031', startedAt: 500 });
  });

  it('leaves human typing alone, even fast typists', () => {
    expect(type(new KeyboardBurstDetector(), 'MRN-004217', 60)).toEqual({ kind: 'typing' });
    expect(type(new KeyboardBurstDetector(), 'MRN-004217', 35)).toEqual({ kind: 'typing' }); // steady, but not scanner-fast
    expect(type(new KeyboardBurstDetector(), 'smith', 5)).toEqual({ kind: 'typing' }); // too short
  });

  it('needs Enter to follow the burst quickly', () => {
    const d = new KeyboardBurstDetector();
    for (const [i, ch] of [...'ABC12345'].entries()) d.key(ch, 1000 + i * 5);
    expect(d.key('Enter', 2000)).toEqual({ kind: 'typing' });
  });

  it('starts a new burst after a pause, so slow typing before a scan does not join it', () => {
    const d = new KeyboardBurstDetector();
    d.key('x', 0);
    d.key('y', 200);
    expect(type(d, 'P-778899', 10, 900)).toEqual({ kind: 'scan', value: 'P-778899', startedAt: 900 });
  });

  it('lets Shift through inside a burst and breaks on other named keys', () => {
    const d = new KeyboardBurstDetector();
    let t = 0;
    for (const k of ['Shift', 'M', 'Shift', 'R', 'N', '1', '2', '3', '4']) d.key(k, (t += 5));
    expect(d.key('Enter', (t += 5))).toEqual({ kind: 'scan', value: 'MRN1234', startedAt: 10 });
    for (const k of ['A', 'B', 'C', 'Backspace', 'D', 'E', 'F']) d.key(k, (t += 5));
    expect(d.key('Enter', t + 5)).toEqual({ kind: 'typing' });
  });
});
