// The renderer has no network, and WebRTC is the one route beneath request interception: a peer
// connection opens its own UDP and TCP sockets (STUN, TURN, host candidates). The app needs only
// getUserMedia for the webcam, which is not part of it. Both shells run this in the page's main
// world before any page script, and both also close WebRTC's sockets in the browser itself
// (IP handling policy, no name resolution), which holds even in a frame this never reached.

/**
 * Deletes every WebRTC interface (RTCPeerConnection, webkitRTCPeerConnection, RTCDataChannel,
 * RTCIceCandidate, ...) from the global object it runs in and returns the names it removed.
 * Self-contained on purpose: Electron serialises it to run in the page's main world.
 */
export function removeWebRtcFromGlobal(): string[] {
  const global = globalThis as unknown as Record<string, unknown>;
  const removed: string[] = [];
  for (const name of Object.getOwnPropertyNames(global)) {
    if (!/^(?:webkit)?RTC[A-Z]/.test(name)) continue;
    if (delete global[name]) removed.push(name);
  }
  return removed;
}
