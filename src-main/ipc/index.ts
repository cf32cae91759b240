export type { CallContext, Dispatch, Handler, Handlers } from './dispatch';
export { createDispatch } from './dispatch';
export type { IpcMainLike } from './router';
export { registerIpcRouter } from './router';
