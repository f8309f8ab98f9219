import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import {
  TlsProfile,
  TlsReference,
  TlsTermination,
  TlsVersion,
  type TlsProfileProps,
} from '../../../components/cis/tls-profile';
import { expectValidationError } from '../../helpers/expect-errors';
import { fixture, k8sObject, kustomizationResources } from '../../helpers/fixture';

const TLS = 'test/Cluster/Tls';
const BIGIP_PATH_RULE = 'a full BIG-IP profile path such as "/Common/clientssl" (reference bigip)';

function tls(props: Partial<TlsProfileProps> = {}) {
  const f = fixture();
  const profile = new TlsProfile(f.cluster, 'Tls', {
    termination: TlsTermination.EDGE,
    clientSsl: ['/Common/clientssl'],
    name: 'edge',
    ...props,
  });
  return {
    ...f,
    profile,
    spec: () => k8sObject(Testing.synth(f.stack), 'TLSProfile', profile.namespace, profile.profileName).spec,
  };
}

describe('TlsProfile', () => {
  it('default snapshot (edge, one BIG-IP clientssl profile)', () => {
    const { stack, cluster } = fixture();
    new TlsProfile(cluster, 'Tls', { termination: TlsTermination.EDGE, clientSsl: ['/Common/clientssl'] });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('renders a labelled TLSProfile with a single clientSSL for one profile', () => {
    const { stack, profile } = tls({ hosts: ['shop.example.com', '*.shop.example.com'] });
    expect(profile.termination).toBe(TlsTermination.EDGE);
    expect(profile.reference).toBe(TlsReference.BIGIP);
    expect(profile.namespace).toBe('default');
    expect(profile.hosts).toEqual(['shop.example.com', '*.shop.example.com']);
    expect(k8sObject(Testing.synth(stack), 'TLSProfile', 'default', 'edge')).toEqual({
      apiVersion: 'cis.f5.com/v1',
      kind: 'TLSProfile',
      metadata: { name: 'edge', namespace: 'default', labels: { f5cr: 'true' } },
      spec: {
        hosts: ['shop.example.com', '*.shop.example.com'],
        tls: { termination: 'edge', reference: 'bigip', clientSSL: '/Common/clientssl' },
      },
    });
  });

  it('renders clientSSLs/serverSSLs lists for several profiles (reencrypt)', () => {
    const { spec } = tls({
      termination: TlsTermination.REENCRYPT,
      clientSsl: ['/Common/clientssl', '/Common/clientssl-secure'],
      serverSsl: ['/Common/serverssl'],
    });
    expect(spec()).toEqual({
      tls: {
        termination: 'reencrypt',
        reference: 'bigip',
        clientSSLs: ['/Common/clientssl', '/Common/clientssl-secure'],
        serverSSL: '/Common/serverssl',
      },
    });
  });

  it('renders Secret references', () => {
    const { spec } = tls({ reference: TlsReference.SECRET, clientSsl: ['shop-tls'] });
    expect(spec()).toEqual({ tls: { termination: 'edge', reference: 'secret', clientSSL: 'shop-tls' } });
  });

  it('renders passthrough with no reference and no profiles', () => {
    const { spec } = tls({ termination: TlsTermination.PASSTHROUGH, clientSsl: undefined });
    expect(spec()).toEqual({ tls: { termination: 'passthrough' } });
  });

  it('renders tlsCipher when a version, ciphers or a cipher group is given', () => {
    expect(tls({ tlsVersion: TlsVersion.V1_2, ciphers: 'ECDHE' }).spec().tlsCipher).toEqual({
      tlsVersion: '1.2',
      ciphers: 'ECDHE',
    });
    expect(tls({ cipherGroup: '/Common/f5-secure' }).spec().tlsCipher).toEqual({
      cipherGroup: '/Common/f5-secure',
    });
  });

  it('warns tls:tls13-needs-tmos14 for TLS 1.3', () => {
    const { stack } = tls({ tlsVersion: TlsVersion.V1_3 });
    expect(synthesizeStack(stack).warnings).toEqual([
      { id: 'tls:tls13-needs-tmos14', path: TLS, message: 'TLS 1.3 needs BIG-IP (TMOS) 14.0 or later' },
    ]);
  });

  it('creates its namespace and is applied after it', () => {
    const { stack } = tls({ namespace: 'shop' });
    const order = kustomizationResources(Testing.synth(stack), 'test/k8s/c1');
    expect(order.indexOf('namespace-shop.yaml')).toBeLessThan(order.indexOf('tlsprofile-shop-edge.yaml'));
  });

  describe('fails when', () => {
    it('termination is not a TlsTermination', () => {
      expectValidationError(
        () => tls({ termination: 'offload' as TlsTermination }),
        TLS,
        `'termination' must be one of "edge", "reencrypt", "passthrough", got "offload"`,
      );
    });

    it('reference is not a TlsReference', () => {
      expectValidationError(
        () => tls({ reference: 'hybrid' as TlsReference }),
        TLS,
        `'reference' must be one of "bigip", "secret", got "hybrid"`,
      );
    });

    it('namespace is not a DNS label', () => {
      expectValidationError(
        () => tls({ namespace: 'Shop' }),
        TLS,
        `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Shop"`,
      );
    });

    it('name is not a DNS subdomain', () => {
      expectValidationError(
        () => tls({ name: 'Edge' }),
        TLS,
        `'name' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "Edge"`,
      );
    });

    it('a hosts entry is not a host name', () => {
      expectValidationError(
        () => tls({ hosts: ['ok.example.com', 'bad_host.example.com'] }),
        TLS,
        `'hosts[1]' must be a DNS host name (labels may be "*"), got "bad_host.example.com"`,
      );
    });

    it('a clientSsl entry is not a BIG-IP path (reference bigip)', () => {
      expectValidationError(
        () => tls({ clientSsl: ['clientssl'] }),
        TLS,
        `'clientSsl[0]' must be ${BIGIP_PATH_RULE}, got "clientssl"`,
      );
    });

    it('a serverSsl entry is not a BIG-IP path (reference bigip)', () => {
      expectValidationError(
        () => tls({ termination: TlsTermination.REENCRYPT, serverSsl: ['/serverssl'] }),
        TLS,
        `'serverSsl[0]' must be ${BIGIP_PATH_RULE}, got "/serverssl"`,
      );
    });

    it('a clientSsl entry is not a Secret name (reference secret)', () => {
      expectValidationError(
        () => tls({ reference: TlsReference.SECRET, clientSsl: ['/Common/clientssl'] }),
        TLS,
        `'clientSsl[0]' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "/Common/clientssl"`,
      );
    });

    it('a Secret reference does not start with a letter (the CRD pattern needs one)', () => {
      expectValidationError(
        () => tls({ reference: TlsReference.SECRET, clientSsl: ['1shop-tls'] }),
        TLS,
        `'clientSsl[0]' must be a Secret name starting with a letter (the TLSProfile CRD cannot name others), got "1shop-tls"`,
      );
    });

    it('termination passthrough has profiles', () => {
      expectValidationError(
        () => tls({ termination: TlsTermination.PASSTHROUGH }),
        TLS,
        `termination passthrough takes no 'clientSsl' or 'serverSsl' profiles; the BIG-IP does not decrypt`,
      );
    });

    it('termination edge has no clientSsl profile', () => {
      expectValidationError(
        () => tls({ clientSsl: [] }),
        TLS,
        `termination edge needs at least one 'clientSsl' profile to decrypt client traffic`,
      );
    });

    it('termination reencrypt has no clientSsl profile', () => {
      expectValidationError(
        () =>
          tls({
            termination: TlsTermination.REENCRYPT,
            clientSsl: undefined,
            serverSsl: ['/Common/serverssl'],
          }),
        TLS,
        `termination reencrypt needs at least one 'clientSsl' profile to decrypt client traffic`,
      );
    });

    it('termination reencrypt has no serverSsl profile', () => {
      expectValidationError(
        () => tls({ termination: TlsTermination.REENCRYPT }),
        TLS,
        `termination reencrypt needs at least one 'serverSsl' profile to re-encrypt to the pods`,
      );
    });

    it('termination edge has serverSsl profiles', () => {
      expectValidationError(
        () => tls({ serverSsl: ['/Common/serverssl'] }),
        TLS,
        `termination edge sends plain traffic to the pods, so 'serverSsl' must be empty; use reencrypt to encrypt it`,
      );
    });

    it('both ciphers and cipherGroup are given', () => {
      expectValidationError(
        () => tls({ ciphers: 'DEFAULT', cipherGroup: '/Common/f5-default' }),
        TLS,
        `'ciphers' and 'cipherGroup' are mutually exclusive, got both ("DEFAULT", "/Common/f5-default")`,
      );
    });

    it('cipherGroup is not a BIG-IP path', () => {
      expectValidationError(
        () => tls({ cipherGroup: 'f5-default' }),
        TLS,
        `'cipherGroup' must be a BIG-IP path such as "/Common/f5-default", got "f5-default"`,
      );
    });

    it('tlsVersion is not a TlsVersion', () => {
      expectValidationError(
        () => tls({ tlsVersion: '1.4' as TlsVersion }),
        TLS,
        `'tlsVersion' must be one of "1.0", "1.1", "1.2", "1.3", got "1.4"`,
      );
    });

    it('it is created outside a VksCluster', () => {
      const { stack } = fixture();
      expectValidationError(
        () => new TlsProfile(stack, 'Tls', { termination: TlsTermination.PASSTHROUGH }),
        'test/Tls',
        `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Tls`,
      );
    });
  });
});
