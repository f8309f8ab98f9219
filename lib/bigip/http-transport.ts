/**
 * One undici dispatcher per client: TLS verified by default (optional CA bundle, `insecure` only on request),
 * a timeout on every request, failures reduced to a code and a message that hold no headers or bodies.
 */
import { Agent, request } from 'undici';

export interface HttpExchange {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/mgmt/shared/appsvcs/declare/T1?async=true`. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** A request that got no HTTP answer. */
export class TransportFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly tls: boolean,
  ) {
    super(message);
  }
}

/** Node's certificate-verification error codes: retrying will not help, the trust configuration must change. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export class HttpTransport {
  private readonly agent: Agent;

  constructor(
    private readonly origin: URL,
    tls: { readonly caBundle: string | undefined; readonly insecure: boolean },
  ) {
    this.agent = new Agent({
      connect: {
        rejectUnauthorized: !tls.insecure,
        ...(tls.caBundle !== undefined ? { ca: tls.caBundle } : {}),
      },
      keepAliveTimeout: 4_000,
    });
  }

  async send(exchange: HttpExchange): Promise<HttpAnswer> {
    const url = new URL(exchange.path, this.origin);
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method: exchange.method,
        headers: exchange.headers,
        body: exchange.body,
        headersTimeout: exchange.timeoutMs,
        bodyTimeout: exchange.timeoutMs,
        signal: AbortSignal.timeout(exchange.timeoutMs),
      });
      const text = await response.body.text();
      return { status: response.statusCode, text };
    } catch (error) {
      throw toTransportFailure(error, exchange.timeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function toTransportFailure(error: unknown, timeoutMs: number): TransportFailure {
  const chain: Array<{ code?: unknown; name?: unknown; message?: unknown }> = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    chain.push(current as { code?: unknown; name?: unknown; message?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  const codes = chain
    .map((e) => (typeof e.code === 'string' ? e.code : undefined))
    .filter((c): c is string => !!c);
  const tlsCode = codes.find((code) => TLS_CODES.has(code));
  if (tlsCode) {
    return new TransportFailure(`TLS certificate verification failed (${tlsCode})`, tlsCode, true);
  }
  const timedOut =
    chain.some((e) => e.name === 'TimeoutError') ||
    codes.some(
      (c) =>
        c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT' || c === 'UND_ERR_CONNECT_TIMEOUT',
    );
  if (timedOut)
    return new TransportFailure(`no answer within ${timeoutMs} ms`, codes[0] ?? 'ETIMEDOUT', false);
  const code = codes[codes.length - 1] ?? codes[0];
  const message = chain
    .map((e) => (typeof e.message === 'string' ? e.message : ''))
    .filter((m) => m !== '')
    .join(': ');
  return new TransportFailure(message || 'connection failed', code, false);
}
