// The Electron preload: exposes one frozen `window.clinic` object built from the contract, and
// nothing else. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { buildClinicApi } from '../shared/bridge';

contextBridge.exposeInMainWorld(
  'clinic',
  buildClinicApi((channel, request) => ipcRenderer.invoke(channel, request)),
);
