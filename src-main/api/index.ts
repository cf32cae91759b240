export type { HttpCallContext, HttpRoute, HttpServerOptions, RunningHttpServer } from './http-server';
export { sendJson, startHttpServer } from './http-server';
export { parseJsonBody, readBody } from './read-body';
export { ensureToken, readToken, tokenFile } from './token';
