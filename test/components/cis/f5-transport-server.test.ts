import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { MultiClusterMode, PoolMemberType } from '../../../components/cis/cis-controller';
import {
  F5TransportServer,
  TransportServerMode,
  type F5TransportServerProps,
} from '../../../components/cis/f5-transport-server';
import { LoadBalancingMethod } from '../../../components/cis/pool-options';
import { MonitorType } from '../../../lib/as3/monitor';
import { Snat } from '../../../lib/as3/snat';
import { ServiceType, Protocol } from '../../../components/workloads/service-backend';
import { Networking } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationError, synthProblems } from '../../helpers/expect-errors';
import {
  FakeBackend,
  fixture,
  k8sObject,
  kustomizationResources,
  nplService,
  type FixtureOptions,
} from '../../helpers/fixture';

const TS = 'test/Cluster/Ts';

/** CIS in nodeport mode (TransportServer is not supported with NodePortLocal) and a NodePort Service `db`. */
function setup(options: FixtureOptions = {}) {
  const f = fixture({
    cluster: { nodePortLocalEnabled: false },
    ...options,
    cis: options.cis === false ? false : { poolMemberType: PoolMemberType.NODE_PORT, ...options.cis },
  });
  const db = new FakeBackend(f.cluster, 'Db', ServiceType.NODE_PORT);
  // A UDP or SCTP TransportServer needs a Service port of its protocol.
  const byProtocol = new Map<Protocol | undefined, FakeBackend>([
    [undefined, db],
    [Protocol.TCP, db],
  ]);
  const backendFor = (type: Protocol | undefined) => {
    if (!byProtocol.has(type) && Object.values(Protocol).includes(type as Protocol))
      byProtocol.set(type, new FakeBackend(f.cluster, `Db${type}`, ServiceType.NODE_PORT, type));
    return byProtocol.get(type) ?? db;
  };
  const build = (props: Partial<F5TransportServerProps> = {}, id = 'Ts') =>
    new F5TransportServer(f.cluster, id, {
      partition: f.partition,
      name: id.toLowerCase(),
      virtualServerAddress: '192.0.2.20',
      virtualServerPort: 5432,
      service: backendFor(props.type),
      ...props,
    });
  return { ...f, db, build };
}

describe('F5TransportServer', () => {
  it('default snapshot (CIS in nodeport mode)', () => {
    const { stack, build } = setup();
    build({ name: undefined });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('applies its defaults once, on public fields', () => {
    const { build, db } = setup();
    const ts = build();
    expect(ts.mode).toBe(TransportServerMode.STANDARD);
    expect(ts.type).toBe(Protocol.TCP);
    expect(ts.snat).toBe(Snat.AUTO);
    expect(ts.bigipRouteDomain).toBe(0);
    expect(ts.servicePort).toBe(80);
    expect(ts.service).toBe(db);
    expect(ts.namespace).toBe('default');
    expect(ts.resourceName).toBe('ts');
    expect(ts.listeners()).toEqual([{ address: '192.0.2.20', port: 5432, protocol: 'tcp' }]);
  });

  it('renders a TransportServer labelled f5cr: "true" with mode, type, port and pool', () => {
    const { stack, build } = setup();
    build();
    expect(k8sObject(Testing.synth(stack), 'TransportServer', 'default', 'ts')).toEqual({
      apiVersion: 'cis.f5.com/v1',
      kind: 'TransportServer',
      metadata: { name: 'ts', namespace: 'default', labels: { f5cr: 'true' } },
      spec: {
        partition: 'k8s',
        virtualServerAddress: '192.0.2.20',
        virtualServerPort: 5432,
        mode: 'standard',
        type: 'tcp',
        snat: 'auto',
        pool: { service: 'db', servicePort: 80, loadBalancingMethod: 'round-robin' },
      },
    });
  });

  it('renders every optional field it offers', () => {
    const { stack, build } = setup({ cis: { ipam: true } });
    build({
      virtualServerAddress: undefined,
      ipamLabel: 'db-range',
      mode: TransportServerMode.PERFORMANCE,
      type: Protocol.UDP,
      snat: Snat.SELF,
      bigipRouteDomain: 4,
      loadBalancingMethod: LoadBalancingMethod.RATIO_MEMBER,
      virtualServerName: 'db_vs',
      namespace: 'data',
      monitorType: MonitorType.UDP,
      monitorSend: 'ping',
      monitorInterval: Duration.seconds(3),
      monitorTimeout: Duration.seconds(10),
    });
    expect(k8sObject(Testing.synth(stack), 'TransportServer', 'data', 'ts').spec).toEqual({
      partition: 'k8s',
      ipamLabel: 'db-range',
      virtualServerPort: 5432,
      virtualServerName: 'db_vs',
      mode: 'performance',
      type: 'udp',
      snat: 'self',
      bigipRouteDomain: 4,
      pool: {
        service: 'dbudp',
        servicePort: 80,
        serviceNamespace: 'default',
        loadBalancingMethod: 'ratio-member',
        monitor: { type: 'udp', interval: 3, timeout: 10, send: 'ping' },
      },
    });
  });

  it('is applied after its Service and Namespace', () => {
    const { stack, build } = setup();
    build({ namespace: 'data' });
    const order = kustomizationResources(Testing.synth(stack), 'test/k8s/c1');
    const ts = order.indexOf('transportserver-data-ts.yaml');
    expect(ts).toBeGreaterThan(order.indexOf('service-default-db.yaml'));
    expect(ts).toBeGreaterThan(order.indexOf('namespace-data.yaml'));
  });

  it('accepts http and https monitors for tcp, and tcp monitors for sctp', () => {
    const { build } = setup();
    expect(() => build({ monitorType: MonitorType.HTTP }, 'A')).not.toThrow();
    expect(() => build({ monitorType: MonitorType.HTTPS, virtualServerPort: 5433 }, 'B')).not.toThrow();
    expect(() =>
      build({ type: Protocol.SCTP, monitorType: MonitorType.TCP, virtualServerPort: 5434 }, 'C'),
    ).not.toThrow();
  });

  describe('warns when', () => {
    it.each([
      [Protocol.TCP, MonitorType.UDP, 'tcp, http, https'],
      [Protocol.UDP, MonitorType.HTTP, 'udp'],
      [Protocol.SCTP, MonitorType.HTTPS, 'tcp'],
    ])(
      "a %s service gets a %s monitor ('cis:transport-server-monitor-protocol')",
      (type, monitorType, allowed) => {
        const { build, stack } = setup();
        build({ type, monitorType });
        const warnings = synthesizeStack(stack).warnings.filter(
          (w) => w.id === 'cis:transport-server-monitor-protocol',
        );
        expect(warnings).toEqual([
          {
            id: 'cis:transport-server-monitor-protocol',
            path: TS,
            message: `'monitorType' "${monitorType}" may not check a ${type.toLowerCase()} service: it probes a port the pods answer in another protocol; use one of ${allowed}`,
          },
        ]);
      },
    );
  });

  describe('fails when', () => {
    it('partition is missing', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ partition: undefined }),
        TS,
        `'partition' is required: the CIS BigipPartition the virtual is created in`,
      );
    });

    it('service is missing', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ service: undefined }),
        TS,
        `'service' is required: the Service construct to send traffic to`,
      );
    });

    it('namespace is not a DNS label', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ namespace: 'Data' }),
        TS,
        `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Data"`,
      );
    });

    it('name is not a DNS subdomain', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ name: 'Ts' }),
        TS,
        `'name' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "Ts"`,
      );
    });

    it('virtualServerPort is out of range', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerPort: 0 }),
        TS,
        `'virtualServerPort' must be an integer from 1 to 65535, got 0`,
      );
    });

    it('servicePort is not a port of the Service', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ servicePort: 5432 }),
        TS,
        `'servicePort' 5432 is not a port of Service db (ports: 80)`,
      );
    });

    it('virtualServerAddress is not an IP address', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerAddress: 'db.example.com' }),
        TS,
        `'virtualServerAddress' must be an IPv4 or IPv6 address, got "db.example.com"`,
      );
    });

    it('ipamLabel is not an IPAM label', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ ipamLabel: 'x' }),
        TS,
        `'ipamLabel' must be an IPAM label of at least 3 characters starting with a letter, got "x"`,
      );
    });

    it('neither virtualServerAddress nor ipamLabel is given', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerAddress: undefined }),
        TS,
        `one of 'virtualServerAddress' and 'ipamLabel' is required (the CRD rejects a TransportServer with neither)`,
      );
    });

    it('mode is not a TransportServerMode', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ mode: 'fastl4' as TransportServerMode }),
        TS,
        `'mode' must be one of "standard", "performance", got "fastl4"`,
      );
    });

    it('type is not a Protocol', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ type: 'quic' as Protocol }),
        TS,
        `'type' must be one of "TCP", "UDP", "SCTP", got "quic"`,
      );
    });

    it('bigipRouteDomain is out of range', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ bigipRouteDomain: -1 }),
        TS,
        `'bigipRouteDomain' must be an integer from 0 to 65535, got -1`,
      );
    });

    it('loadBalancingMethod is not a LoadBalancingMethod', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ loadBalancingMethod: 'random' as LoadBalancingMethod }),
        TS,
        /^'loadBalancingMethod' must be one of "dynamic-ratio-member", .*"round-robin", .*, got "random"$/,
      );
    });

    it('virtualServerName is not a BIG-IP virtual name', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerName: '_db' }),
        TS,
        `'virtualServerName' must be a BIG-IP virtual name starting with a letter, got "_db"`,
      );
    });

    it('a monitor option is given without monitorType', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ monitorInterval: Duration.seconds(5) }),
        TS,
        `'monitorInterval' needs 'monitorType' to be set`,
      );
    });

    it('its Service is in a namespace the CRD cannot name from another one', () => {
      const { build, cluster } = setup();
      const other = new FakeBackend(cluster, 'Other', ServiceType.NODE_PORT);
      Object.defineProperty(other, 'namespace', { value: '0data' });
      expectValidationError(
        () => build({ service: other }),
        TS,
        `'service' is in namespace "0data", which a TransportServer in another namespace cannot name (the CRD wants a namespace that starts with a letter and has at least 2 characters); put the TransportServer in "0data" too`,
      );
    });

    it('it is created outside a VksCluster', () => {
      const { stack, partition, db } = setup();
      expectValidationError(
        () => new F5TransportServer(stack, 'Ts', { partition, virtualServerPort: 1, service: db }),
        'test/Ts',
        `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Ts`,
      );
    });

    it('CIS of the cluster runs in nodeportlocal mode (NPL with a TransportServer is rejected)', () => {
      const f = fixture();
      const web = nplService(f.cluster, { name: 'web' });
      new F5TransportServer(f.cluster, 'Ts', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.20',
        virtualServerPort: 8080,
        service: web,
      });
      expectSynthProblems(f.stack, [
        {
          path: TS,
          message: `cannot be published by [test/Cluster/Cis] in pool member type nodeportlocal: CIS does not support TransportServer with Antrea NodePortLocal on VKS; use a CisController in nodeport mode`,
        },
      ]);
    });

    it('its partition is owned by the stack, not CIS', () => {
      const { stack, build, device } = setup();
      const owned = new BigipPartition(stack, 'Owned', {
        device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      build({ partition: owned });
      expect(synthProblems(stack).filter((p) => p.path === TS)).toEqual([
        {
          path: TS,
          message: `'partition' "apps" is owned by stack, not CIS; CIS custom resources may only use CIS partitions`,
        },
      ]);
    });

    it('no CisController of the cluster manages its partition', () => {
      const { stack, build } = setup({ cis: false });
      build();
      expectSynthProblems(stack, [
        {
          path: TS,
          message: `'partition' "k8s" on device bigip is not managed by any CisController in cluster "c1"; nothing would publish this resource`,
        },
      ]);
    });

    it('its Service is ClusterIP while CIS is in nodeport mode', () => {
      const { stack, build, cluster } = setup();
      build({ service: new FakeBackend(cluster, 'Internal', ServiceType.CLUSTER_IP) });
      expectSynthProblems(stack, [
        {
          path: TS,
          message: `'service' Service default/internal is ClusterIP, but [test/Cluster/Cis] uses pool member type nodeport, which needs NodePort or LoadBalancer Services`,
        },
      ]);
    });

    it('ipamLabel is used while CIS has no IPAM', () => {
      const { stack, build } = setup();
      build({ virtualServerAddress: undefined, ipamLabel: 'db-range' });
      expectSynthProblems(stack, [
        { path: TS, message: `'ipamLabel' "db-range" needs 'ipam: true' on [test/Cluster/Cis]` },
      ]);
    });

    it('snat is none on NSX', () => {
      const { stack, build } = setup({
        cluster: { nodePortLocalEnabled: false, networking: Networking.NSX },
      });
      build({ snat: Snat.NONE });
      expectSynthProblems(stack, [
        {
          path: TS,
          message: `'snat' none cannot work on NSX: the BIG-IP is not in line with the cluster, so replies would bypass it; use Snat.AUTO or a SNAT pool`,
        },
      ]);
    });

    it('two transport servers share an address and port', () => {
      const { stack, build } = setup();
      build({ poolName: 'a_pool' }, 'A');
      build({ poolName: 'b_pool' }, 'B');
      expectSynthProblems(stack, [
        {
          path: 'test/Cluster/B',
          message: `listens on 192.0.2.20:5432, as [test/Cluster/A] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]`,
        },
      ]);
    });

    it('multi-cluster mode with nodeportlocal is refused at the controller (NPL with multi-cluster is rejected)', () => {
      expectValidationError(
        () =>
          fixture({
            cis: { multiClusterMode: MultiClusterMode.STANDALONE, extendedSpecConfigMap: 'kube-system/ext' },
          }),
        'test/Cluster/Cis',
        `'poolMemberType' nodeportlocal cannot be combined with 'multiClusterMode' (CIS does not support NodePortLocal with multi-cluster on VKS) [cis:nodeportlocal-not-multi-cluster]`,
      );
    });
  });
});
