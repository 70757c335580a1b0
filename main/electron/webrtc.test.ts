// Security gate: the Electron shell closes WebRTC's own sockets. The switches are appended before
// the app is ready and the IP handling policy is set on every WebContents as it is created; the
// entry (main.ts) cannot run here without the Electron binary, so its wiring is checked as text.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendNoNetworkSwitches, closeWebRtc } from './webrtc';

describe('WebRTC in the Electron shell', () => {
  it('appends the no-network switches', () => {
    const appended: Array<[string, string | undefined]> = [];
    appendNoNetworkSwitches({ appendSwitch: (name: string, value?: string) => void appended.push([name, value]) });
    expect(appended).toEqual([['host-resolver-rules', 'MAP * ~NOTFOUND']]);
  });

  it('sets the policy that leaves WebRTC no UDP', () => {
    const policies: string[] = [];
    closeWebRtc({ setWebRTCIPHandlingPolicy: (policy) => void policies.push(policy) });
    expect(policies).toEqual(['disable_non_proxied_udp']);
  });

  it('is wired in main.ts: switches at module top, the policy on every WebContents created', async () => {
    const source = await readFile(path.join(import.meta.dirname, 'main.ts'), 'utf8');
    const switches = source.search(/^appendNoNetworkSwitches\(app\.commandLine\);$/m);
    expect(switches).toBeGreaterThan(0);
    expect(switches).toBeLessThan(source.indexOf('app.whenReady()'));
    expect(source).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => \{\n\s*closeWebRtc\(contents\);/);
  });
});
