import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { desktopApiMethods, ipcChannel } from '@rushes/shared';
import type { Dispatch } from './dispatch';

/**
 * One `ipcMain.handle` per DesktopApi method, and no other channel. Calls from any frame
 * other than our own renderer (a navigated or injected page) are refused.
 */
export function registerIpcHandlers(ipcMain: IpcMain, dispatch: Dispatch, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  for (const method of desktopApiMethods) {
    ipcMain.handle(ipcChannel(method), (event, args: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not call Rushes.' } };
      }
      return dispatch(method, args);
    });
  }
}
