// Security gate: the permission policy grants the camera (video only) to the app's top frame and
// refuses everything else: microphone, screen capture, notifications, other origins, subframes.
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  allowPermissionCheck,
  allowPermissionRequest,
  devicePermissionHandler,
  permissionRequestHandler,
  type CheckDetails,
  type CheckedPermission,
  type RequestDetails,
  type RequestedPermission,
} from './permissions';

const APP = 'clinic://app/index.html';
const media = (over: Record<string, unknown> = {}) => ({ isMainFrame: true, requestingUrl: APP, mediaTypes: ['video'], securityOrigin: 'clinic://app/', ...over }) as RequestDetails;

describe('permission requests', () => {
  const cases: Array<[string, RequestedPermission, RequestDetails, boolean]> = [
    ['camera from the app', 'media', media(), true],
    ['camera from the app without a security origin', 'media', media({ securityOrigin: undefined }), true],
    ['camera from a deep app URL', 'media', media({ requestingUrl: 'clinic://app/index.html#/capture' }), true],
    ['camera and microphone together', 'media', media({ mediaTypes: ['video', 'audio'] }), false],
    ['microphone alone', 'media', media({ mediaTypes: ['audio'] }), false],
    ['media with no types', 'media', media({ mediaTypes: [] }), false],
    ['media with types missing', 'media', media({ mediaTypes: undefined }), false],
    ['camera from a subframe', 'media', media({ isMainFrame: false }), false],
    ['camera from another origin', 'media', media({ requestingUrl: 'https://evil.example/', securityOrigin: 'https://evil.example/' }), false],
    ['camera from another host on the app scheme', 'media', media({ requestingUrl: 'clinic://evil/', securityOrigin: 'clinic://evil/' }), false],
    ['camera with a mismatched security origin', 'media', media({ securityOrigin: 'https://evil.example' }), false],
    ['camera from file:', 'media', media({ requestingUrl: 'file:///index.html', securityOrigin: 'file:///' }), false],
    ['screen capture', 'display-capture', { isMainFrame: true, requestingUrl: APP }, false],
    ['notifications', 'notifications', { isMainFrame: true, requestingUrl: APP }, false],
    ['geolocation', 'geolocation', { isMainFrame: true, requestingUrl: APP }, false],
    ['clipboard read', 'clipboard-read', { isMainFrame: true, requestingUrl: APP }, false],
    ['open external', 'openExternal', { isMainFrame: true, requestingUrl: APP }, false],
    ['file system', 'fileSystem', { isMainFrame: true, requestingUrl: APP }, false],
    ['fullscreen', 'fullscreen', { isMainFrame: true, requestingUrl: APP }, false],
    ['pointer lock', 'pointerLock', { isMainFrame: true, requestingUrl: APP }, false],
    ['an unknown permission', 'unknown', { isMainFrame: true, requestingUrl: APP }, false],
  ];

  it.each(cases)('%s → %s', (_name, permission, details, expected) => {
    expect(allowPermissionRequest(permission, details)).toBe(expected);
  });

  it('answers through the callback Electron passes', () => {
    const answers: boolean[] = [];
    const contents = {} as WebContents;
    permissionRequestHandler(contents, 'media', (granted) => answers.push(granted), media());
    permissionRequestHandler(contents, 'notifications', (granted) => answers.push(granted), { isMainFrame: true, requestingUrl: APP });
    expect(answers).toEqual([true, false]);
  });
});

describe('permission checks', () => {
  const check = (over: Partial<CheckDetails> = {}): CheckDetails => ({ isMainFrame: true, requestingUrl: APP, mediaType: 'video', securityOrigin: 'clinic://app/', ...over });
  const cases: Array<[string, CheckedPermission, string, CheckDetails, boolean]> = [
    ['camera from the app', 'media', 'clinic://app', check(), true],
    ['camera from the app, origin with a slash', 'media', 'clinic://app/', check(), true],
    ['microphone', 'media', 'clinic://app', check({ mediaType: 'audio' }), false],
    ['unknown media type', 'media', 'clinic://app', check({ mediaType: 'unknown' }), false],
    ['no media type', 'media', 'clinic://app', check({ mediaType: undefined }), false],
    ['camera from a subframe', 'media', 'clinic://app', check({ isMainFrame: false }), false],
    ['camera from another origin', 'media', 'https://evil.example', check({ requestingUrl: 'https://evil.example/' }), false],
    ['camera, app origin but foreign security origin', 'media', 'clinic://app', check({ securityOrigin: 'https://evil.example/' }), false],
    ['camera, app origin with a path', 'media', 'clinic://app/index.html', check(), false],
    ['camera from another host', 'media', 'clinic://evil', check({ requestingUrl: 'clinic://evil/' }), false],
    ['notifications', 'notifications', 'clinic://app', check(), false],
    ['serial', 'serial', 'clinic://app', check(), false],
    ['usb', 'usb', 'clinic://app', check(), false],
    ['hid', 'hid', 'clinic://app', check(), false],
    ['clipboard read', 'clipboard-read', 'clinic://app', check(), false],
    ['storage access', 'storage-access', 'clinic://app', check(), false],
  ];

  it.each(cases)('%s → %s', (_name, permission, origin, details, expected) => {
    expect(allowPermissionCheck(permission, origin, details)).toBe(expected);
  });
});

describe('device permissions', () => {
  it('denies every device (USB, HID, serial, Bluetooth)', () => {
    type DeviceDetails = Parameters<NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>>[0];
    for (const deviceType of ['usb', 'hid', 'serial', 'bluetooth'] as const) {
      const details = { deviceType, origin: 'clinic://app', device: {} } as unknown as DeviceDetails;
      expect(devicePermissionHandler(details)).toBe(false);
    }
  });
});
