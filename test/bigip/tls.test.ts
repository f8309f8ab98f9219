/**
 * TLS: certificate verification is on by default (a self-signed device certificate is a BigipTlsError),
 * `caBundle` trusts it, `insecure: true` skips verification and warns. The certificate is generated here
 * with the openssl CLI; the tests are skipped with a message only when openssl is missing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BigipTlsError, type BigipClient } from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, fastClient, webTenant } from './helpers';

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const OPENSSL = haveOpenssl();

describe.skipIf(!OPENSSL)(
  OPENSSL ? 'BigipClient over HTTPS' : 'BigipClient over HTTPS — skipped: the openssl CLI is not installed',
  () => {
    let dir: string;
    let cert: string;
    let sim: RunningSimulator;
    let client: BigipClient | undefined;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-tls-'));
      execFileSync(
        'openssl',
        [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ], // prettier-ignore
        { stdio: 'ignore' },
      );
      cert = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      sim = await startSimulator({ tls: { cert, key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8') } });
    });
    afterEach(async () => {
      await client?.close();
      client = undefined;
      sim.clearRequestLog();
    });
    afterAll(async () => {
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('serves https on 127.0.0.1', () => {
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    });

    it('verifies the certificate by default: a self-signed one is a BigipTlsError, nothing is sent', async () => {
      client = fastClient(sim);
      const error = await client.info().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BigipTlsError);
      expect((error as BigipTlsError).code).toMatch(/SELF_SIGNED/);
      expect((error as Error).message).toMatch(
        /TLS certificate verification failed .*trust the device's certificate with caBundle/,
      );
      expect(sim.requestLog).toEqual([]);
    });

    it('trusts the certificate given as caBundle', async () => {
      const warnings: string[] = [];
      client = fastClient(sim, { caBundle: cert, onWarning: (w) => warnings.push(w) });
      const result = await client.deploy(adc({ T1: webTenant() }), ['T1']);
      expect(result.ok).toBe(true);
      expect(warnings).toEqual([]);
    });

    it('insecure: true skips verification, and says so', async () => {
      const warnings: string[] = [];
      client = fastClient(sim, { insecure: true, onWarning: (w) => warnings.push(w) });
      expect((await client.info()).version).toBe('3.56.0');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /TLS certificate verification is disabled for BIG-IP 127\.0\.0\.1:\d+ \(insecure: true\)/,
      );
    });

    it('insecure: true without onWarning or a logger still warns, on stderr', async () => {
      const written: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as typeof process.stderr.write;
      try {
        client = fastClient(sim, { insecure: true });
      } finally {
        process.stderr.write = write;
      }
      expect(written).toEqual([
        expect.stringMatching(
          /^warning: TLS certificate verification is disabled for BIG-IP 127\.0\.0\.1:\d+/,
        ),
      ]);
      expect((await client.info()).version).toBe('3.56.0');
    });
  },
);
