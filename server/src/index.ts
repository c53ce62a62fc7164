export { createApp, type AppOptions, type ZhosparApp, MAX_BODY_BYTES } from './createApp.ts';
export { TokenService, type TokenClaims } from './auth/TokenService.ts';
export * from './access/Policy.ts';
export { COLLAB_PATH } from './collaboration/attachWebSocket.ts';
export { MAX_UPDATE_BYTES } from './collaboration/ValidationExtension.ts';
