// What both shells tell Chromium so that the renderer has no network beneath request interception.
// Requests (fetch, images, WebSocket) are refused by each shell's own interception and the CSP;
// WebRTC opens sockets of its own, which only the browser's WebRTC policy and its resolver close.
// Measured in e2e/egress.spec.ts: without these a peer connection sent STUN over UDP, opened a
// TURN connection over TCP and listed the machine's addresses as host candidates.

/** WebRTC may use UDP only through a proxy; there is none, so it has no UDP (no STUN, no host candidates). */
export const WEBRTC_IP_HANDLING_POLICY = 'disable_non_proxied_udp' as const;

/**
 * Chromium switches, as [name, value]. Every host name and address resolves to nothing: WebRTC
 * resolves even an IP-literal TURN server through this resolver, so TCP TURN is closed too, and no
 * DNS query leaves the renderer's side. (The `force-webrtc-ip-handling-policy` switch is not
 * listed: Chromium 156 ignored it; the policy is set per profile or per WebContents instead.)
 */
export const NO_NETWORK_SWITCHES: ReadonlyArray<readonly [string, string]> = [['host-resolver-rules', 'MAP * ~NOTFOUND']];

/** The switches as command-line arguments, for a Chromium the shell launches itself. */
export function noNetworkArgs(): string[] {
  return NO_NETWORK_SWITCHES.map(([name, value]) => `--${name}=${value}`);
}

/**
 * A new Chromium profile's preferences (`Default/Preferences`): the WebRTC IP handling policy as
 * Chrome reads it (the same pref an administrator's WebRtcIPHandling policy or an extension sets).
 */
export const CHROMIUM_PROFILE_PREFERENCES = {
  webrtc: { ip_handling_policy: WEBRTC_IP_HANDLING_POLICY, multiple_routes_enabled: false, nonproxied_udp_enabled: false },
} as const;
