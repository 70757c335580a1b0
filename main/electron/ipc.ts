// ipcMain wiring: one handler per contract channel, each checking that the call comes from the
// app's own top frame before passing the payload to that window's core client. The core's router
// then validates the payload and the caller's session and permission.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelEntries } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import type { CoreClient } from '../core/core';
import { isAppUrl } from './origin';

/** The part of IpcMainInvokeEvent the checks read; a real event satisfies it. */
export type InvokeEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export type ResolveClient = (sender: WebContents) => CoreClient | undefined;
export type TrustedSenderCheck = (event: InvokeEvent) => boolean;

/** The sender must be the top frame of a page loaded from the app's origin. */
export const isTrustedSender: TrustedSenderCheck = (event) => {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
};

const refused = (): Result<never> => fail('PERMISSION_DENIED', 'This request did not come from the workstation window.');

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  resolveClient: ResolveClient,
  trusted: TrustedSenderCheck = isTrustedSender,
): () => void {
  const channels = channelEntries().map(([name]) => name);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!trusted(event)) return refused();
      const client = resolveClient(event.sender);
      if (!client) return refused();
      try {
        return await client.invoke(channel, payload);
      } catch {
        // The router turns failures into results; anything else must not cross the bridge as a thrown string.
        return fail('INTERNAL', 'Something went wrong. Please try again.');
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
