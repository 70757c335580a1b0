// The window's reading of a session check: a changed idle time is news even when nothing else
// changed, a lock or an ended session wins over everything else.
import { describe, expect, it } from 'vitest';
import { sessionNews } from './session-news';
import type { SessionInfo } from './store';

const shown = {
  user: { id: 'u1', username: 'mkaur', displayName: 'Dr Meera Kaur', role: 'administrator' },
  clinicName: 'Harbour Skin Clinic',
  permissions: ['patient.read'],
  restriction: null,
  secondFactor: false,
  idleLockSeconds: 300,
} as unknown as SessionInfo;

describe('sessionNews', () => {
  it('reads a new idle time as a change to apply', () => {
    expect(sessionNews(shown, { ...shown, idleLockSeconds: 60 })).toBe('changed');
  });
  it('reads the same session as nothing new', () => {
    expect(sessionNews(shown, { ...shown })).toBe('same');
  });
  it('reads a lock and an ended session before anything else', () => {
    expect(sessionNews(shown, { ...shown, restriction: 'locked', idleLockSeconds: 60 })).toBe('locked');
    expect(sessionNews(shown, null)).toBe('ended');
  });
});
