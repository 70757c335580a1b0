// Permission policy for the app's sessions: the camera (video only) for the app's own top frame,
// and nothing else, ever. Pure functions; session.ts installs them.
import type { Session } from 'electron';
import { isAppOrigin, isAppUrl } from './origin';

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type DeviceHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;

export type RequestedPermission = Parameters<RequestHandler>[1];
export type RequestDetails = Parameters<RequestHandler>[3];
export type CheckedPermission = Parameters<CheckHandler>[1];
export type CheckDetails = Parameters<CheckHandler>[3];

/** `setPermissionRequestHandler`: grant `media` only when every requested type is video. */
export function allowPermissionRequest(permission: RequestedPermission, details: RequestDetails): boolean {
  if (permission !== 'media') return false;
  if (!details.isMainFrame || !isAppUrl(details.requestingUrl)) return false;
  const media = details as { mediaTypes?: unknown; securityOrigin?: unknown };
  if (media.securityOrigin !== undefined && !isAppOrigin(String(media.securityOrigin))) return false;
  const types = media.mediaTypes;
  return Array.isArray(types) && types.length > 0 && types.every((t) => t === 'video');
}

/** `setPermissionCheckHandler`: the same policy for synchronous checks. */
export function allowPermissionCheck(permission: CheckedPermission, requestingOrigin: string, details: CheckDetails): boolean {
  if (permission !== 'media') return false;
  if (!isAppOrigin(requestingOrigin)) return false;
  if (!details.isMainFrame) return false;
  if (details.securityOrigin !== undefined && !isAppOrigin(details.securityOrigin)) return false;
  if (details.requestingUrl !== undefined && !isAppUrl(details.requestingUrl)) return false;
  return details.mediaType === 'video';
}

export const permissionRequestHandler: RequestHandler = (_webContents, permission, callback, details) => {
  callback(allowPermissionRequest(permission, details));
};

export const permissionCheckHandler: CheckHandler = (_webContents, permission, requestingOrigin, details) =>
  allowPermissionCheck(permission, requestingOrigin, details);

/** USB, HID, serial, Bluetooth: cameras are driven from main (gphoto2) or via getUserMedia. */
export const devicePermissionHandler: DeviceHandler = () => false;
