import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../lib/as3/inventory';
import { As3IRule } from '../../lib/as3/irule';
import {
  As3Certificate,
  As3TlsClient,
  As3TlsServer,
  type As3CertificateProps,
  type As3TlsServerCertificate,
} from '../../lib/as3/tls';
import { synthesizeStack } from '../../lib/core/synth';
import { expectValidationError, synthProblems } from '../helpers/expect-errors';
import { PEM, application, model, rendered } from './model';

const WEB_FILES = [
  { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/web.crt' },
  { kind: BigipObjectKind.SSL_KEY, path: '/Common/web.key' },
  { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/chain.crt' },
];

describe('As3Certificate', () => {
  it('references certificate, key and chain files on the BIG-IP', () => {
    const m = model(WEB_FILES);
    const cert = new As3Certificate(m.application, 'web_cert', {
      certificate: BigipRef.sslCertificate('/Common/web.crt'),
      privateKey: BigipRef.sslKey('/Common/web.key'),
      chainCA: BigipRef.sslCertificate('/Common/chain.crt'),
    });
    expect(cert.as3Class).toBe('Certificate');
    expect(rendered(cert)).toEqual({
      class: 'Certificate',
      certificate: { bigip: '/Common/web.crt' },
      chainCA: { bigip: '/Common/chain.crt' },
      privateKey: { bigip: '/Common/web.key' },
    });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('embeds a public PEM certificate as text; the key stays a reference', () => {
    const m = model(WEB_FILES);
    const cert = new As3Certificate(m.application, 'web_cert', {
      certificate: PEM,
      privateKey: BigipRef.sslKey('/Common/web.key'),
    });
    expect(rendered(cert)).toEqual({
      class: 'Certificate',
      certificate: PEM,
      privateKey: { bigip: '/Common/web.key' },
    });
  });

  it('fails at synth when the key file is not in the inventory', () => {
    const m = model();
    new As3Certificate(m.application, 'web_cert', {
      certificate: BigipRef.sslCertificate('/Common/default.crt'),
      privateKey: BigipRef.sslKey('/Common/web.key'),
    });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/web_cert',
        message:
          "'privateKey' references ssl-key /Common/web.key, which is not in the inventory of device bigip (declared: /Common/default.key); AS3 would reject the whole declaration",
      },
    ]);
  });

  describe('fails when', () => {
    function expectCertificateError(props: As3CertificateProps, detail: string) {
      const m = model(WEB_FILES);
      expectValidationError(
        () => new As3Certificate(m.application, 'web_cert', props),
        'test/A/web_cert',
        detail,
      );
    }
    const RULE = 'a BigipRef.sslCertificate(...) or one PEM "BEGIN CERTIFICATE" block';

    it.each([
      ['not PEM', 'MIIBszCCAVmgAwIBAgIU'],
      ['a private key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n'],
      [
        'a private key between two certificates',
        `${PEM}-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n${PEM}`,
      ],
      ['two certificates (a chain belongs in chainCA)', `${PEM}${PEM}`],
    ])('the certificate text is %s', (_what, certificate) => {
      expectCertificateError(
        { certificate },
        `'certificate' must be ${RULE}, got ${JSON.stringify(certificate)}`,
      );
    });

    it('the certificate reference is not a certificate file', () => {
      expectCertificateError(
        { certificate: BigipRef.sslKey('/Common/web.key') },
        `'certificate' must reference a ssl-certificate, got "ssl-key /Common/web.key"`,
      );
    });

    it('privateKey is key text instead of a reference', () => {
      expectCertificateError(
        {
          certificate: BigipRef.sslCertificate('/Common/web.crt'),
          privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' as unknown as BigipRef,
        },
        "'privateKey' must be a BigipRef.sslKey('/Common/…') reference; private keys are never embedded in declarations",
      );
    });

    it('privateKey references something other than a key file', () => {
      expectCertificateError(
        {
          certificate: BigipRef.sslCertificate('/Common/web.crt'),
          privateKey: BigipRef.sslCertificate('/Common/web.crt'),
        },
        `'privateKey' must reference a ssl-key, got "ssl-certificate /Common/web.crt"`,
      );
    });

    it('chainCA references something other than a certificate file', () => {
      expectCertificateError(
        {
          certificate: BigipRef.sslCertificate('/Common/web.crt'),
          chainCA: BigipRef.sslKey('/Common/web.key'),
        },
        `'chainCA' must reference a ssl-certificate, got "ssl-key /Common/web.key"`,
      );
    });
  });
});

describe('As3TlsServer', () => {
  function certificate(m: ReturnType<typeof model>, id = 'web_cert', app = m.application) {
    return new As3Certificate(app, id, {
      certificate: BigipRef.sslCertificate('/Common/web.crt'),
      privateKey: BigipRef.sslKey('/Common/web.key'),
    });
  }

  it('renders certificates as pointers (bare in the application, absolute into Shared) and the options', () => {
    const m = model(WEB_FILES);
    const shared = application(m, 'Shared');
    const local = certificate(m);
    const fromShared = certificate(m, 'wildcard', shared);
    const tls = new As3TlsServer(m.application, 'tls', {
      certificates: [
        { certificate: local, matchToSNI: 'www.example.com' },
        { certificate: fromShared, sniDefault: true },
      ],
      tls1_3Enabled: true,
      requireSNI: false,
      ciphers: 'DEFAULT:!3DES',
    });
    expect(tls.as3Class).toBe('TLS_Server');
    expect(rendered(tls)).toEqual({
      class: 'TLS_Server',
      certificates: [
        { certificate: 'web_cert', matchToSNI: 'www.example.com' },
        { certificate: '/T/Shared/wildcard', sniDefault: true },
      ],
      ciphers: 'DEFAULT:!3DES',
      requireSNI: false,
      tls1_3Enabled: true,
    });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('defaults: only the certificates (AS3 defaults for the rest)', () => {
    const m = model(WEB_FILES);
    const tls = new As3TlsServer(m.application, 'tls', { certificates: [{ certificate: certificate(m) }] });
    expect(rendered(tls)).toEqual({ class: 'TLS_Server', certificates: [{ certificate: 'web_cert' }] });
  });

  describe('fails when', () => {
    it.each([[[]], [undefined]])('certificates is %j', (certificates) => {
      const m = model();
      expectValidationError(
        () =>
          new As3TlsServer(m.application, 'tls', {
            certificates: certificates as unknown as As3TlsServerCertificate[],
          }),
        'test/A/tls',
        `'certificates' must list at least one certificate, got ${certificates === undefined ? 'nothing' : '[]'}`,
      );
    });

    it('two certificates are the SNI default', () => {
      const m = model(WEB_FILES);
      const a = certificate(m, 'a');
      const b = certificate(m, 'b');
      expectValidationError(
        () =>
          new As3TlsServer(m.application, 'tls', {
            certificates: [
              { certificate: a, sniDefault: true },
              { certificate: b, sniDefault: true },
            ],
          }),
        'test/A/tls',
        "'certificates' may have at most one sniDefault",
      );
    });

    it('a certificate pointer targets another class (synth)', () => {
      const m = model(WEB_FILES);
      const rule = new As3IRule(m.application, 'rule', { iRule: 'x' });
      new As3TlsServer(m.application, 'tls', {
        certificates: [{ certificate: rule as unknown as As3Certificate }],
      });
      expect(synthProblems(m.stack)).toEqual([
        {
          path: 'test/A/tls',
          message: "'certificates[0].certificate' points to /T/A/rule, a iRule; it must be a Certificate",
        },
      ]);
    });
  });
});

describe('As3TlsClient', () => {
  it('defaults: nothing set (AS3 defaults: no SNI, no certificate validation)', () => {
    const m = model();
    const tls = new As3TlsClient(m.application, 'to_members');
    expect(tls.as3Class).toBe('TLS_Client');
    expect(rendered(tls)).toEqual({ class: 'TLS_Client' });
  });

  it('renders the server name as serverName and sendSNI, and the trust bundle reference', () => {
    const m = model([{ kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/ca-bundle.crt' }]);
    const tls = new As3TlsClient(m.application, 'to_members', {
      serverName: 'app.internal.example.com',
      validateCertificate: true,
      trustCA: BigipRef.sslCertificate('/Common/ca-bundle.crt'),
      tls1_3Enabled: true,
    });
    expect(rendered(tls)).toEqual({
      class: 'TLS_Client',
      sendSNI: 'app.internal.example.com',
      serverName: 'app.internal.example.com',
      tls1_3Enabled: true,
      trustCA: { bigip: '/Common/ca-bundle.crt' },
      validateCertificate: true,
    });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  describe('fails when', () => {
    it('trustCA references something other than a certificate bundle', () => {
      const m = model();
      expectValidationError(
        () =>
          new As3TlsClient(m.application, 'to_members', { trustCA: BigipRef.sslKey('/Common/default.key') }),
        'test/A/to_members',
        "'trustCA' must reference an ssl-certificate (CA bundle), got ssl-key /Common/default.key",
      );
    });

    it.each(['not a host', '*.example.com', 'https://app.example.com', '-app.example.com', ''])(
      'serverName is %j (AS3 format "hostname")',
      (serverName) => {
        const m = model();
        expectValidationError(
          () => new As3TlsClient(m.application, 'to_members', { serverName }),
          'test/A/to_members',
          `'serverName' must be a host name such as "app.example.com", got ${JSON.stringify(serverName)}`,
        );
      },
    );

    it('trustCA is not in the inventory (synth)', () => {
      const m = model();
      new As3TlsClient(m.application, 'to_members', {
        trustCA: BigipRef.sslCertificate('/Common/ca-bundle.crt'),
      });
      expect(synthProblems(m.stack)).toEqual([
        {
          path: 'test/A/to_members',
          message:
            "'trustCA' references ssl-certificate /Common/ca-bundle.crt, which is not in the inventory of device bigip (declared: /Common/default.crt); AS3 would reject the whole declaration",
        },
      ]);
    });
  });
});
