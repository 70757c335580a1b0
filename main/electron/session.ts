// Hardens one Electron session: the permission policy, no device access, and no network for the
// renderer (every request that is not the app's origin is cancelled).
import type { Session } from 'electron';
import { isAllowedRequestUrl } from './navigation';
import { devicePermissionHandler, permissionCheckHandler, permissionRequestHandler } from './permissions';

/** The part of Session the hardening touches; a real Session satisfies it. */
export type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  readonly webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

export interface HardenSessionOptions {
  readonly isDev: boolean;
  readonly onBlockedRequest?: (url: string) => void;
}

export function hardenSession(ses: HardenableSession, options: HardenSessionOptions): void {
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  ses.setDevicePermissionHandler(devicePermissionHandler);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, options.isDev);
    if (!allowed) options.onBlockedRequest?.(details.url);
    callback({ cancel: !allowed });
  });
}
