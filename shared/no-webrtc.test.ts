// removeWebRtcFromGlobal against a global object that has WebRTC interfaces: they go, everything
// else stays, and it still works after the serialisation Electron applies to run it in the page.
import { afterEach, describe, expect, it } from 'vitest';
import { removeWebRtcFromGlobal } from './no-webrtc';

const WEBRTC = ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCIceCandidate', 'RTCSessionDescription', 'RTCRtpSender', 'RTCRtpTransceiver', 'RTCPeerConnectionIceEvent'];
const KEPT = ['RTCish', 'MediaStream', 'MediaStreamTrack', 'navigatorRTC'];
const g = globalThis as unknown as Record<string, unknown>;

/** Installs the names the way a browser does: configurable, writable, non-enumerable. */
function install(names: readonly string[]): void {
  for (const name of names) Object.defineProperty(globalThis, name, { value: class {}, configurable: true, writable: true, enumerable: false });
}

afterEach(() => {
  for (const name of [...WEBRTC, ...KEPT]) delete g[name];
});

describe('removeWebRtcFromGlobal', () => {
  it('deletes every WebRTC interface and nothing else', () => {
    install([...WEBRTC, ...KEPT]);
    expect(removeWebRtcFromGlobal().sort()).toEqual([...WEBRTC].sort());
    for (const name of WEBRTC) expect(name in globalThis).toBe(false);
    for (const name of KEPT) expect(name in globalThis).toBe(true);
  });

  it('works when serialised and rebuilt from its source, as Electron runs it in the main world', () => {
    install(WEBRTC);
    const rebuilt = new Function(`return (${removeWebRtcFromGlobal.toString()})`)() as () => string[];
    expect(rebuilt().sort()).toEqual([...WEBRTC].sort());
    expect('RTCPeerConnection' in globalThis).toBe(false);
  });
});
