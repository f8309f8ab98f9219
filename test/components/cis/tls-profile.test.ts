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
import { BigipRef } from '../../../lib/as3/inventory';
import {
  expectSynthProblems,
  expectValidationError,
  expectValidationErrors,
} from '../../helpers/expect-errors';
import { fixture, k8sObject, kustomizationResources, nplService } from '../../helpers/fixture';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';

const TLS = 'test/Cluster/Tls';
const clientssl = (path = '/Common/clientssl') => BigipRef.clientSslProfile(path);
const serverssl = (path = '/Common/serverssl') => BigipRef.serverSslProfile(path);

function tls(props: Partial<TlsProfileProps> = {}) {
  const f = fixture();
  const profile = new TlsProfile(f.cluster, 'Tls', {
    termination: TlsTermination.EDGE,
    clientSslProfiles: [clientssl()],
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
    new TlsProfile(cluster, 'Tls', { termination: TlsTermination.EDGE, clientSslProfiles: [clientssl()] });
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
      clientSslProfiles: [clientssl(), clientssl('/Common/clientssl-secure')],
      serverSslProfiles: [serverssl()],
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
    const { spec, profile } = tls({ clientSslProfiles: undefined, clientSslSecrets: ['shop-tls'] });
    expect(profile.reference).toBe(TlsReference.SECRET);
    expect(spec()).toEqual({ tls: { termination: 'edge', reference: 'secret', clientSSL: 'shop-tls' } });
  });

  it("renders reference hybrid with each side's profileReference when the sides differ", () => {
    const { spec, profile } = tls({
      termination: TlsTermination.REENCRYPT,
      clientSslProfiles: undefined,
      clientSslSecrets: ['shop-tls'],
      serverSslProfiles: [serverssl()],
    });
    expect(profile.reference).toBe(TlsReference.HYBRID);
    expect(spec()).toEqual({
      tls: {
        termination: 'reencrypt',
        reference: 'hybrid',
        clientSSL: 'shop-tls',
        serverSSL: '/Common/serverssl',
        clientSSLParams: { profileReference: 'secret' },
        serverSSLParams: { profileReference: 'bigip' },
      },
    });
  });

  it('a virtual using it checks its BIG-IP profiles against the device inventory', () => {
    const f = tls({
      clientSslProfiles: [clientssl('/Common/shop-clientssl')],
      cipherGroup: BigipRef.cipherGroup('/Common/mine'),
    });
    const app = nplService(f.cluster);
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.10',
      tlsProfile: f.profile,
      pools: [{ service: app }],
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Vs',
        message:
          "'tlsProfile.clientSslProfiles[0]' references client-ssl-profile /Common/shop-clientssl, which is not in the inventory of device bigip (declared: /Common/clientssl); AS3 would reject the whole declaration (used through [test/Cluster/Tls])",
      },
      {
        path: 'test/Cluster/Vs',
        message:
          "'tlsProfile.cipherGroup' references cipher-group /Common/mine, which is not in the inventory of device bigip (declared: /Common/f5-default, /Common/f5-secure); AS3 would reject the whole declaration (used through [test/Cluster/Tls])",
      },
    ]);
  });

  it('renders passthrough with no reference and no profiles', () => {
    const { spec } = tls({ termination: TlsTermination.PASSTHROUGH, clientSslProfiles: undefined });
    expect(spec()).toEqual({ tls: { termination: 'passthrough' } });
  });

  it('renders tlsCipher when a version, ciphers or a cipher group is given', () => {
    expect(tls({ tlsVersion: TlsVersion.V1_2, ciphers: 'ECDHE' }).spec().tlsCipher).toEqual({
      tlsVersion: '1.2',
      ciphers: 'ECDHE',
    });
    expect(tls({ cipherGroup: BigipRef.cipherGroup('/Common/f5-secure') }).spec().tlsCipher).toEqual({
      cipherGroup: '/Common/f5-secure',
    });
  });

  describe('warns when', () => {
    it("tlsVersion is 1.3, which needs TMOS 14 ('tls:tls13-needs-tmos14')", () => {
      const { stack } = tls({ tlsVersion: TlsVersion.V1_3 });
      expect(synthesizeStack(stack).warnings).toEqual([
        { id: 'tls:tls13-needs-tmos14', path: TLS, message: 'TLS 1.3 needs BIG-IP (TMOS) 14.0 or later' },
      ]);
    });

    it("both ciphers and cipherGroup are given, as F5's tls-with-tls-options example does ('tls:ciphers-with-cipher-group')", () => {
      const { stack, spec } = tls({
        ciphers: 'DEFAULT',
        cipherGroup: BigipRef.cipherGroup('/Common/f5-default'),
      });
      expect(synthesizeStack(stack).warnings).toEqual([
        {
          id: 'tls:ciphers-with-cipher-group',
          path: TLS,
          message: `'ciphers' "DEFAULT" and 'cipherGroup' /Common/f5-default are both set; CIS treats them as mutually exclusive and which one the BIG-IP profile gets is not documented: set only one`,
        },
      ]);
      // Both are rendered as given: the warning explains, it does not change the resource.
      expect(spec().tlsCipher).toEqual({ ciphers: 'DEFAULT', cipherGroup: '/Common/f5-default' });
    });

    it('ciphers alone does not warn', () => {
      expect(synthesizeStack(tls({ ciphers: 'DEFAULT' }).stack).warnings).toEqual([]);
    });
  });

  it('creates its namespace and is applied after it', () => {
    const { stack } = tls({ namespace: 'shop' });
    const order = kustomizationResources(Testing.synth(stack), 'test/k8s/c1');
    expect(order.indexOf('namespace-shop.yaml')).toBeLessThan(order.indexOf('tlsprofile-shop-edge.yaml'));
  });

  describe('fails when', () => {
    it("a virtual uses a TLS 1.3 profile on a device older than TMOS 14 ('tls:tls13-on-old-tmos')", () => {
      const build = (tmosVersion: string) => {
        const f = fixture({ device: { tmosVersion } });
        const profile = new TlsProfile(f.cluster, 'Tls', {
          termination: TlsTermination.EDGE,
          clientSslProfiles: [clientssl()],
          tlsVersion: TlsVersion.V1_3,
        });
        new F5VirtualServer(f.cluster, 'Vs', {
          partition: f.partition,
          virtualServerAddress: '192.0.2.10',
          tlsProfile: profile,
          pools: [{ service: nplService(f.cluster) }],
        });
        return f.stack;
      };
      expectSynthProblems(build('13.1.0'), [
        {
          path: 'test/Cluster/Vs',
          message:
            '\'tlsProfile\' [test/Cluster/Tls] sets tlsVersion 1.3, which device "bigip" (tmosVersion "13.1.0") cannot offer: TLS 1.3 needs TMOS 14.0 or later [tls:tls13-on-old-tmos]',
        },
      ]);
      // On TMOS 14 and later only the profile-level warning stays.
      expect(synthesizeStack(build('14.1.0')).warnings.map((w) => w.id)).toEqual(['tls:tls13-needs-tmos14']);
    });

    it('termination is not a TlsTermination', () => {
      expectValidationError(
        () => tls({ termination: 'offload' as TlsTermination }),
        TLS,
        `'termination' must be one of "edge", "reencrypt", "passthrough", got "offload"`,
      );
    });

    it('a side has both BIG-IP profiles and Secrets', () => {
      expectValidationError(
        () => tls({ clientSslSecrets: ['shop-tls'] }),
        TLS,
        `'clientSslProfiles' and 'clientSslSecrets' are mutually exclusive, got both`,
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

    it('a clientSslProfiles entry is not a client-ssl profile reference', () => {
      expectValidationError(
        () => tls({ clientSslProfiles: [serverssl() as BigipRef] }),
        TLS,
        `'clientSslProfiles[0]' must be a BigipRef of kind client-ssl-profile, got "server-ssl-profile /Common/serverssl"`,
      );
    });

    it('a clientSslSecrets entry is not a Secret name', () => {
      expectValidationError(
        () => tls({ clientSslProfiles: undefined, clientSslSecrets: ['/Common/clientssl'] }),
        TLS,
        `'clientSslSecrets[0]' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "/Common/clientssl"`,
      );
    });

    it('a Secret reference does not start with a letter (the CRD pattern needs one)', () => {
      expectValidationError(
        () => tls({ clientSslProfiles: undefined, clientSslSecrets: ['1shop-tls'] }),
        TLS,
        `'clientSslSecrets[0]' must be a Secret name starting with a letter (the TLSProfile CRD cannot name others), got "1shop-tls"`,
      );
    });

    it('termination passthrough has profiles', () => {
      expectValidationError(
        () => tls({ termination: TlsTermination.PASSTHROUGH }),
        TLS,
        `termination passthrough takes no client or server profiles; the BIG-IP does not decrypt`,
      );
    });

    it('termination edge has no clientSsl profile', () => {
      expectValidationError(
        () => tls({ clientSslProfiles: [] }),
        TLS,
        `termination edge needs client-side profiles ('clientSslProfiles' or 'clientSslSecrets') to decrypt client traffic`,
      );
    });

    it('termination reencrypt has no clientSsl profile', () => {
      expectValidationError(
        () =>
          tls({
            termination: TlsTermination.REENCRYPT,
            clientSslProfiles: undefined,
            serverSslProfiles: [serverssl()],
          }),
        TLS,
        `termination reencrypt needs client-side profiles ('clientSslProfiles' or 'clientSslSecrets') to decrypt client traffic`,
      );
    });

    it('termination reencrypt has no serverSsl profile', () => {
      expectValidationError(
        () => tls({ termination: TlsTermination.REENCRYPT }),
        TLS,
        `termination reencrypt needs server-side profiles ('serverSslProfiles' or 'serverSslSecrets') to re-encrypt to the pods`,
      );
    });

    it('termination edge has serverSsl profiles', () => {
      expectValidationError(
        () => tls({ serverSslProfiles: [serverssl()] }),
        TLS,
        `termination edge sends plain traffic to the pods, so no server-side profiles; use reencrypt to encrypt it`,
      );
    });

    it('cipherGroup is not a cipher group reference', () => {
      expectValidationError(
        () => tls({ cipherGroup: 'f5-default' as unknown as BigipRef }),
        TLS,
        `'cipherGroup' must be a BigipRef.cipherGroup('/Common/…'), got "f5-default"`,
      );
    });

    it('several props are wrong: every problem at once', () => {
      expectValidationErrors(
        () => tls({ namespace: 'Shop', name: 'Edge', tlsVersion: '1.4' as TlsVersion }),
        TLS,
        [
          `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Shop"`,
          `'name' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "Edge"`,
          `'tlsVersion' must be one of "1.0", "1.1", "1.2", "1.3", got "1.4"`,
        ],
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
