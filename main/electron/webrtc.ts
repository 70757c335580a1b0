// WebRTC closed in the Electron shell, as in the browser shell (main/shell/renderer-network.ts):
// the Chromium switches before the app is ready, and the IP handling policy on every WebContents,
// which covers each of its frames. The preload also removes the interfaces from the page.
import type { CommandLine, WebContents } from 'electron';
import { NO_NETWORK_SWITCHES, WEBRTC_IP_HANDLING_POLICY } from '../shell/renderer-network';

/** Before `app.whenReady()`: Chromium reads its switches at start-up only. */
export function appendNoNetworkSwitches(commandLine: Pick<CommandLine, 'appendSwitch'>): void {
  for (const [name, value] of NO_NETWORK_SWITCHES) commandLine.appendSwitch(name, value);
}

/** On each WebContents as it is created, before it loads anything. */
export function closeWebRtc(contents: Pick<WebContents, 'setWebRTCIPHandlingPolicy'>): void {
  contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_HANDLING_POLICY);
}
