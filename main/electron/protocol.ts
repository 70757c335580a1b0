// The `clinic:` protocol handler: the app's host is served by the shell-neutral app protocol
// (renderer files with the CSP, photo bytes behind opaque handles); every other host is 404.
import type { CoreClient } from '../core/core';
import { serveAppRequest } from '../shell/app-protocol';
import { APP_HOST, APP_SCHEME } from './origin';

export interface AppProtocolHandlerOptions {
  readonly rendererDir: string;
  /** The client of the window whose session this handler is registered on. */
  readonly client: CoreClient;
}

export function createAppProtocolHandler(options: AppProtocolHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return notFound();
    try {
      return await serveAppRequest(request, options);
    } catch {
      return new Response('The request could not be served.', { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    }
  };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
