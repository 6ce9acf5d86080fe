/**
 * The preload exposes exactly two functions to the page: call(method, input) and on(event, cb).
 * No ipcRenderer, no Node: the page cannot reach anything but the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('layerlab', {
  call: (method: string, input: unknown) => ipcRenderer.invoke('layerlab:call', String(method), input),
  on: (event: string, cb: (payload: unknown) => void) => {
    const listener = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) cb(msg.payload);
    };
    ipcRenderer.on('layerlab:event', listener);
    return () => ipcRenderer.removeListener('layerlab:event', listener);
  },
});
