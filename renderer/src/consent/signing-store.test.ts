// Signing mode never outlives the session's lock: whatever locks or ends the session (the hand-back
// button, the idle timer, another window, sign-out), the app behind it comes back only after the
// password, and then as the patient screen, not as signing mode.
import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore, type SessionInfo } from '../app/store';
import { useSigningStore, type SigningRequest } from './signing-store';

const session = { user: { id: 'u', username: 'mkaur', displayName: 'Dr Meera Kaur' }, restriction: null, permissions: ['consent.record'], clinicName: 'Harbour', idleLockSeconds: 300 } as unknown as SessionInfo;
const request = { patientId: 'p', signers: {}, identityCheck: { method: 'photo-id', note: null }, expiresOn: null, shown: {} } as unknown as SigningRequest;

describe('signing mode', () => {
  beforeEach(() => {
    useAppStore.getState().started({ initialized: true, clinicName: 'Harbour' }, session);
    useAppStore.getState().openPatient('p');
    useSigningStore.getState().start(request);
  });

  it('ends when the session locks, and the unlocked app shows the patient', () => {
    expect(useSigningStore.getState().request).toBe(request);
    useAppStore.getState().locked();
    expect(useSigningStore.getState().request).toBeNull();
    useAppStore.getState().sessionUpdated(session);
    expect(useSigningStore.getState().request).toBeNull();
    expect(useAppStore.getState().view).toEqual({ name: 'patient', patientId: 'p' });
  });

  it('ends when the session is lost or signed out', () => {
    useAppStore.getState().sessionLost();
    expect(useSigningStore.getState().request).toBeNull();
    useAppStore.getState().started({ initialized: true, clinicName: 'Harbour' }, session);
    useSigningStore.getState().start(request);
    useAppStore.getState().signedOut();
    expect(useSigningStore.getState().request).toBeNull();
  });

  it('keeps going while the session is open (a poll answering the same session changes nothing)', () => {
    useAppStore.getState().sessionUpdated(session);
    expect(useSigningStore.getState().request).toBe(request);
  });
});
