// The Electron preload: exposes one frozen `window.clinic` object built from the contract, and
// nothing else. ipcRenderer itself never reaches the page. It also removes WebRTC from the page's
// own world before any page script runs (the webcam needs only getUserMedia).
import { contextBridge, ipcRenderer } from 'electron';
import { buildClinicApi } from '../shared/bridge';
import { removeWebRtcFromGlobal } from '../shared/no-webrtc';

// The preload runs in an isolated world: deleting here would leave the page's globals untouched.
contextBridge.executeInMainWorld({ func: removeWebRtcFromGlobal });

contextBridge.exposeInMainWorld(
  'clinic',
  buildClinicApi((channel, request) => ipcRenderer.invoke(channel, request)),
);
