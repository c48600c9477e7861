// A tiny static file server for the release build in dist/, mounted under a
// sub-path (default /docs/playground/) so that the tests prove the app only
// uses relative asset URLs. Listens on 127.0.0.1 on a free port.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @param {{root: string, prefix?: string}} opts
 * @returns {Promise<{url: string, origin: string, prefix: string, log: Array<{method: string, path: string, status: number, type?: string}>, close: () => Promise<void>}>}
 */
export async function startStaticServer({ root, prefix = '/docs/playground/' }) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
    throw new Error(`prefix must start and end with '/': ${prefix}`);
  }
  const rootDir = path.resolve(root);
  const log = [];

  const server = http.createServer(async (req, res) => {
    const entry = { method: req.method, path: req.url, status: 0 };
    log.push(entry);
    const send = (status, body = '', headers = {}) => {
      entry.status = status;
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      }
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let decoded;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        return send(400, 'bad request\n');
      }
      if (decoded === prefix.slice(0, -1)) {
        return send(301, '', { Location: prefix });
      }
      if (!decoded.startsWith(prefix)) {
        return send(404, 'not found (outside the mount point)\n', { 'Content-Type': 'text/plain' });
      }
      let rel = decoded.slice(prefix.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      let file = path.resolve(rootDir, rel);
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
        return send(403, 'forbidden\n');
      }
      let st;
      try {
        st = await stat(file);
        if (st.isDirectory()) {
          file = path.join(file, 'index.html');
          st = await stat(file);
        }
      } catch {
        return send(404, 'not found\n', { 'Content-Type': 'text/plain' });
      }
      const body = await readFile(file);
      entry.type = mimeType(file);
      return send(200, body, {
        'Content-Type': entry.type,
        'Content-Length': String(body.length),
        // Scripts and wasm must be served with the right type for the page to work.
        'X-Content-Type-Options': 'nosniff',
      });
    } catch (err) {
      return send(500, `internal error: ${err}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    prefix,
    url: origin + prefix,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
