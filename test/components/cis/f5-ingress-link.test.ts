import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { MonitorType } from '../../../lib/as3/monitor';
import { synthesizeStack } from '../../../lib/core/synth';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { DnsRecordType, F5ExternalDns, GslbLoadBalanceMethod } from '../../../components/cis/f5-external-dns';
import { F5IngressLink, INGRESS_LINK_LABEL } from '../../../components/cis/f5-ingress-link';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';
import { fixture, k8sObject, Testing } from '../../helpers/fixture';

const PROXY = { kind: BigipObjectKind.IRULE, path: '/Common/Proxy_Protocol_iRule' };
const GSLB = { kind: BigipObjectKind.GSLB_SERVER, path: '/Common/GSLBServer' };

function setup() {
  return fixture({ cis: { poolMemberType: PoolMemberType.NODE_PORT }, device: { inventory: [PROXY, GSLB] } });
}

describe('F5IngressLink', () => {
  it('fronts an NGINX Ingress Controller Service, which it asks to carry the label it selects by', () => {
    const f = setup();
    const nginx = new NodePortService(f.cluster, 'Nginx', {
      name: 'nginx-ingress',
      namespace: 'nginx-ingress',
      selector: { app: 'nginx-ingress' },
      port: 443,
    });
    const link = new F5IngressLink(f.cluster, 'Link', {
      partition: f.partition,
      name: 'nginx-ingress',
      namespace: 'nginx-ingress',
      virtualServerAddress: '192.0.2.50',
      iRules: [BigipRef.iRule(PROXY.path)],
      ingressController: nginx,
    });
    const tree = Testing.synth(f.stack);
    expect(k8sObject(tree, 'IngressLink', 'nginx-ingress', 'nginx-ingress').spec).toEqual({
      partition: 'k8s',
      virtualServerAddress: '192.0.2.50',
      iRules: ['/Common/Proxy_Protocol_iRule'],
      selector: { matchLabels: { [INGRESS_LINK_LABEL]: 'nginx-ingress' } },
    });
    const service = k8sObject(tree, 'Service', 'nginx-ingress', 'nginx-ingress');
    expect(service.metadata.labels[INGRESS_LINK_LABEL]).toBe('nginx-ingress');
    expect(link.listeners().map((l) => l.port)).toEqual([80, 443]);
    expect(synthesizeStack(f.stack).warnings).toEqual([]);
  });

  it("warns 'cis:ingresslink-without-proxy-protocol' without the proxy-protocol iRule", () => {
    const f = setup();
    new F5IngressLink(f.cluster, 'Link', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.50',
      selector: { app: 'ingresslink' },
    });
    expect(synthesizeStack(f.stack).warnings.map((w) => w.id)).toEqual([
      'cis:ingresslink-without-proxy-protocol',
    ]);
  });

  describe('fails when', () => {
    it('the address is IPv6 (the CRD takes IPv4 only)', () => {
      const f = setup();
      expectValidationError(
        () =>
          new F5IngressLink(f.cluster, 'Link', {
            partition: f.partition,
            virtualServerAddress: '2001:db8::1',
            selector: { app: 'x' },
          }),
        'test/Cluster/Link',
        `'virtualServerAddress' must be an IPv4 address (the IngressLink CRD takes no IPv6), got "2001:db8::1"`,
      );
    });

    it('neither ingressController nor selector is given', () => {
      const f = setup();
      expectValidationError(
        () =>
          new F5IngressLink(f.cluster, 'Link', {
            partition: f.partition,
            virtualServerAddress: '192.0.2.50',
          }),
        'test/Cluster/Link',
        `exactly one of 'ingressController' and 'selector' is required (CIS finds the NGINX Service by its labels)`,
      );
    });

    it('two IngressLinks take the same VIP (ports 80 and 443)', () => {
      const f = setup();
      new F5IngressLink(f.cluster, 'Link', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.50',
        iRules: [BigipRef.iRule(PROXY.path)],
        selector: { app: 'x' },
      });
      new F5IngressLink(f.cluster, 'Again', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.50',
        iRules: [BigipRef.iRule(PROXY.path)],
        selector: { app: 'y' },
      });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/Again',
          message:
            'listens on 192.0.2.50:80, as [test/Cluster/Link] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]',
        },
        {
          path: 'test/Cluster/Again',
          message:
            'listens on 192.0.2.50:443, as [test/Cluster/Link] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]',
        },
      ]);
    });
  });
});

describe('F5ExternalDns', () => {
  it('renders a WideIP with pools on GSLB servers and their monitors', () => {
    const f = setup();
    new F5ExternalDns(f.cluster, 'Cafe', {
      name: 'exdns',
      domainName: 'cafe.example.com',
      dnsRecordType: DnsRecordType.A,
      loadBalanceMethod: GslbLoadBalanceMethod.ROUND_ROBIN,
      pools: [
        {
          dataServerName: BigipRef.gslbServer(GSLB.path),
          dnsRecordType: DnsRecordType.A,
          loadBalanceMethod: GslbLoadBalanceMethod.ROUND_ROBIN,
          monitors: [
            {
              type: MonitorType.HTTPS,
              send: 'GET /',
              recv: '',
              interval: Duration.seconds(10),
              timeout: Duration.seconds(10),
            },
          ],
        },
      ],
    });
    expect(k8sObject(Testing.synth(f.stack), 'ExternalDNS', 'default', 'exdns').spec).toEqual({
      domainName: 'cafe.example.com',
      dnsRecordType: 'A',
      loadBalanceMethod: 'round-robin',
      pools: [
        {
          dataServerName: '/Common/GSLBServer',
          dnsRecordType: 'A',
          loadBalanceMethod: 'round-robin',
          monitor: { type: 'https', send: 'GET /', recv: '', interval: 10, timeout: 10 },
        },
      ],
    });
  });

  describe('fails when', () => {
    it('the GSLB server is not in the device inventory (the WideIP would get no members, CIS#1601)', () => {
      const f = setup();
      new F5ExternalDns(f.cluster, 'Cafe', {
        domainName: 'cafe.example.com',
        pools: [{ dataServerName: BigipRef.gslbServer('/Common/OtherServer') }],
      });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/Cafe',
          message:
            "'pools[0].dataServerName' references gslb-server /Common/OtherServer, which is not in the inventory of device bigip (declared: /Common/GSLBServer); AS3 would reject the whole declaration",
        },
      ]);
    });

    it('a monitor is udp', () => {
      const f = setup();
      expectValidationError(
        () =>
          new F5ExternalDns(f.cluster, 'Cafe', {
            domainName: 'cafe.example.com',
            pools: [
              {
                dataServerName: BigipRef.gslbServer(GSLB.path),
                monitors: [{ type: MonitorType.UDP, interval: Duration.seconds(5) }],
              },
            ],
          }),
        'test/Cluster/Cafe',
        `'pools[0].monitors[0].type' must be one of "http", "https", "tcp", got "udp"`,
      );
    });

    it('persistCidrIpv4 is more than 32', () => {
      const f = setup();
      expectValidationError(
        () => new F5ExternalDns(f.cluster, 'Cafe', { domainName: 'cafe.example.com', persistCidrIpv4: 33 }),
        'test/Cluster/Cafe',
        `'persistCidrIpv4' must be an integer from 0 to 32, got 33`,
      );
    });
  });
});
