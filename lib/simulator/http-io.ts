/** Reading requests and writing JSON answers for the simulator's HTTP server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies above this are refused with 413; AS3 itself limits declarations to a few MB. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * A refused body is still read (and thrown away) up to this many times the limit, so the client finishes
 * sending and reads the 413 instead of meeting a connection reset; past that the connection is cut.
 */
const DRAIN_FACTOR = 4;

export type BodyOutcome =
  | { readonly kind: 'body'; readonly text: string }
  | { readonly kind: 'too large'; readonly limit: number }
  /** The client went away before the body was complete: nobody is left to answer. */
  | { readonly kind: 'aborted' };

/**
 * Reads the request body as UTF-8. A body over `limit` bytes (declared by Content-Length or counted
 * while it arrives) resolves at once as `too large`; the rest of it is drained in the background.
 */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      resolve({ kind: 'too large', limit });
    };
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) refuse();
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > limit * DRAIN_FACTOR) request.socket.destroy();
        return;
      }
      if (size > limit) {
        refuse();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolve({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') });
    });
    request.on('error', () => {
      if (!refused) resolve({ kind: 'aborted' });
    });
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  if (status === 204 || body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** The path and query of a request target; undefined for a target that names no path (`*`, garbage). */
export function parseTarget(raw: string | undefined): URL | undefined {
  const target = raw ?? '/';
  try {
    // Origin form (`/path?query`), `//` included: a base would read `//x` as a host.
    if (target.startsWith('/')) return new URL(`http://simulator.invalid${target}`);
    // Absolute form (`http://host/path`), as proxies send it.
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
