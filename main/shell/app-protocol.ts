// What both shells serve to the renderer, as plain web Requests and Responses: the renderer's own
// files (with the CSP and hardening headers) and photo bytes behind opaque handles. The Electron
// shell plugs this into `protocol.handle`, the browser shell into `context.route`, so the two
// behave identically and neither grows logic of its own.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PHOTO_PATH_PREFIX } from '../../shared/contract';
import { isCoreError } from '../../shared/errors';
import type { CoreClient } from '../core/core';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface AppProtocolOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly client: CoreClient;
}

/** Serves one request for the app's origin. Unknown paths are 404, never a directory listing. */
export async function serveAppRequest(request: Request, options: AppProtocolOptions): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const url = new URL(request.url);
  if (url.pathname.startsWith(PHOTO_PATH_PREFIX)) return servePhoto(request, url.pathname.slice(PHOTO_PATH_PREFIX.length), options.client);
  return serveRendererFile(url.pathname, options.rendererDir);
}

async function serveRendererFile(pathname: string, rendererDir: string): Promise<Response> {
  const decoded = decodePath(pathname);
  if (decoded === null) return plain(404, 'Not found');
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return plain(404, 'Not found');
  const type = MIME[path.extname(file)];
  if (!type) return plain(404, 'Not found');
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return plain(404, 'Not found');
  }
  return new Response(new Uint8Array(body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' } });
}

/** A malformed percent-escape (`/%E0%A4%A`) is a path that names no file, not a reason to throw. */
function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

async function servePhoto(request: Request, handle: string, client: CoreClient): Promise<Response> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(handle)) return plain(404, 'Not found');
  let photo;
  try {
    photo = await client.resolvePhoto(handle);
  } catch (error) {
    if (isCoreError(error)) return plain(error.code === 'HANDLE_EXPIRED' ? 410 : 500, error.message);
    return plain(500, 'The photo could not be read.');
  }
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': photo.mime,
    'Cache-Control': 'no-store',
    'Accept-Ranges': 'bytes',
  };
  const range = parseRange(request.headers.get('range'), photo.size);
  if (range === 'invalid') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${photo.size}` } });
  const [start, end] = range ?? [0, photo.size];
  if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${photo.size}`;
  headers['Content-Length'] = String(end - start);
  if (request.method === 'HEAD') return new Response(null, { status: range ? 206 : 200, headers });
  return new Response(toReadableStream(photo.stream(start, end)), { status: range ? 206 : 200, headers });
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; multi-range requests get the whole body. */
export function parseRange(header: string | null, size: number): [number, number] | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'invalid';
    start = Math.max(0, size - n);
    end = size;
  } else {
    start = Number(a);
    end = b === '' ? size : Math.min(size, Number(b) + 1);
  }
  if (start >= size || start >= end) return 'invalid';
  return [start, end];
}

function toReadableStream(source: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
