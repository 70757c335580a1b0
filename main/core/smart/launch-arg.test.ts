// The command-line forms of an EHR launch, and the system browser's guard.
import { describe, expect, it } from 'vitest';
import { isBrowsableUrl, smartLaunchFromArgv } from './launch-arg';

describe('EHR launch on the command line', () => {
  it('reads --smart-launch with = or as the next argument, and the custom scheme', () => {
    expect(smartLaunchFromArgv(['/opt/clinic-photo', '--smart-launch=iss=https%3A%2F%2Fehr%2Ffhir&launch=abc'])).toBe('iss=https%3A%2F%2Fehr%2Ffhir&launch=abc');
    expect(smartLaunchFromArgv(['app', '--smart-launch', 'iss=x&launch=y'])).toBe('iss=x&launch=y');
    expect(smartLaunchFromArgv(['app', 'clinic-photo://launch?iss=x&launch=y'])).toBe('iss=x&launch=y');
    expect(smartLaunchFromArgv(['app', '--smart-launch'])).toBeNull();
    expect(smartLaunchFromArgv(['app', '--inspect'])).toBeNull();
  });

  it('opens only http(s) addresses in the system browser', () => {
    expect(isBrowsableUrl('https://ehr.example/auth?x=1')).toBe(true);
    expect(isBrowsableUrl('http://127.0.0.1:8080/auth')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'clinic-photo://launch', 'not a url']) expect(isBrowsableUrl(bad)).toBe(false);
  });
});
