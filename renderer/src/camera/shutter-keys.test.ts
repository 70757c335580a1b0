// The shutter's keys: Space and Enter where they operate nothing else, the pedal's key anywhere
// but in a text field, never a held (repeating) key; the pedal key per user over the workstation's.
import { describe, expect, it } from 'vitest';
import { firesShutter, isReservedPedalKey, readPedalKey, writePedalKey, type KeyPress } from './shutter-keys';

const on = (tag: string, extra: Partial<KeyPress['target']> = {}) => ({ tag, role: null, type: null, editable: false, ...extra });
const press = (key: string, code: string, target = on('BODY'), more: Partial<KeyPress> = {}): KeyPress => ({ key, code, repeat: false, altKey: false, ctrlKey: false, metaKey: false, target, ...more });

describe('firesShutter', () => {
  it('takes a photo on Space or Enter when focus is on the page or a plain element', () => {
    expect(firesShutter(press(' ', 'Space'), null)).toBe(true);
    expect(firesShutter(press('Enter', 'Enter', on('SECTION')), null)).toBe(true);
  });

  it('leaves Space and Enter to buttons, fields, lists and body-map regions', () => {
    for (const target of [on('BUTTON'), on('INPUT', { type: 'radio' }), on('SELECT'), on('TEXTAREA'), on('g', { role: 'button' }), on('DIV', { editable: true })]) {
      expect(firesShutter(press(' ', 'Space', target), null)).toBe(false);
      expect(firesShutter(press('Enter', 'Enter', target), null)).toBe(false);
    }
  });

  it('fires on the pedal key on buttons and lists too, but not while typing', () => {
    expect(firesShutter(press('F13', 'F13', on('BUTTON')), 'F13')).toBe(true);
    expect(firesShutter(press('F13', 'F13', on('SELECT')), 'F13')).toBe(true);
    expect(firesShutter(press('b', 'KeyB', on('INPUT', { type: 'search' })), 'KeyB')).toBe(false);
    expect(firesShutter(press('F13', 'F13'), null)).toBe(false);
  });

  it('ignores a held key and chords', () => {
    expect(firesShutter(press(' ', 'Space', on('BODY'), { repeat: true }), null)).toBe(false);
    expect(firesShutter(press('F13', 'F13', on('BODY'), { repeat: true }), 'F13')).toBe(false);
    expect(firesShutter(press('Enter', 'Enter', on('BODY'), { ctrlKey: true }), null)).toBe(false);
  });

  it('refuses keys that already mean something as the pedal key', () => {
    expect(isReservedPedalKey('Space')).toBe(true);
    expect(isReservedPedalKey('Tab')).toBe(true);
    expect(isReservedPedalKey('F13')).toBe(false);
    expect(isReservedPedalKey('PageDown')).toBe(false);
  });
});

describe('pedal key setting', () => {
  it('prefers the user’s own key over the workstation’s', () => {
    const data = new Map<string, string>();
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
    expect(readPedalKey(store, 'u1')).toBeNull();
    writePedalKey(store, 'workstation', 'u1', 'F13');
    expect(readPedalKey(store, 'u1')).toBe('F13');
    expect(readPedalKey(store, 'u2')).toBe('F13');
    writePedalKey(store, 'user', 'u1', 'PageDown');
    expect(readPedalKey(store, 'u1')).toBe('PageDown');
    expect(readPedalKey(store, 'u2')).toBe('F13');
    writePedalKey(store, 'user', 'u1', null);
    expect(readPedalKey(store, 'u1')).toBe('F13');
  });
});
