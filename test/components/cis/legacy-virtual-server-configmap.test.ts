import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { LoadBalancingMethod } from '../../../lib/as3/load-balancing';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import type { CisControllerProps } from '../../../components/cis/cis-controller';
import {
  LegacyMonitorProtocol,
  LegacyVirtualServerConfigMap,
  LegacyVirtualServerMode,
  type LegacyVirtualServerConfigMapProps,
} from '../../../components/cis/legacy-virtual-server-configmap';
import { Protocol, ServiceType } from '../../../components/workloads/service-backend';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { expectSynthProblems, expectValidationErrors, synthProblems } from '../../helpers/expect-errors';
import { FakeBackend, fixture, k8sObject, nplService, Testing, type Doc } from '../../helpers/fixture';

const CM = 'test/Cluster/DemoVs';
const F5_CONFIGMAPS = resolve(__dirname, '../../../../shared/cis/examples/configmap/cccl-configmap');
const SEEDS = resolve(__dirname, '../../../../shared/seeds');
const seed = existsSync(SEEDS) ? readdirSync(SEEDS).find((f) => f.startsWith('003_')) : undefined;
if (!seed) console.warn(`[legacy-virtual-server-configmap] SKIPPED: seed 003 is absent under ${SEEDS}`);

/** The f5schemadb ConfigMap of seed 003, as the article prints it. */
function seedConfigMap(): Doc {
  const text = readFileSync(resolve(SEEDS, seed!), 'utf8');
  const start = text.indexOf('kind: ConfigMap');
  const end = text.indexOf('\nCIS watches', start);
  return YAML.parse(text.slice(start, end)) as Doc;
}

const HEALTH = {
  protocol: LegacyMonitorProtocol.HTTP,
  interval: 5,
  timeout: 16,
  send: 'GET /health.html HTTP/1.1\r\nHost:1.1.1.1\r\n\r\n',
  recv: 'server is ok',
};

function legacy(cis: Partial<CisControllerProps> = { customResourceMode: false }) {
  const f = fixture({ cis, partition: { partitionName: 'K8S' } });
  const svc = nplService(f.cluster, { name: 'demoservice', servicePort: 80 }, 'Demo');
  const build = (props: Partial<LegacyVirtualServerConfigMapProps> = {}) =>
    new LegacyVirtualServerConfigMap(f.cluster, 'DemoVs', {
      controller: f.cis!,
      name: 'demo-vs',
      backend: svc,
      servicePort: 80,
      healthMonitors: [HEALTH],
      bindAddr: '192.0.2.50',
      port: 80,
      balance: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
      mode: LegacyVirtualServerMode.HTTP,
      ...props,
    });
  return { ...f, svc, build };
}

describe('LegacyVirtualServerConfigMap', () => {
  it.skipIf(!seed)("renders seed 003's ConfigMap field by field (the VIP placeholder filled in)", () => {
    const theirs = seedConfigMap();
    const { stack, build } = legacy();
    build();
    const ours = k8sObject(Testing.synth(stack), 'ConfigMap', 'default', 'demo-vs');
    expect(ours.metadata.name).toBe(theirs.metadata.name);
    expect(ours.metadata.labels).toEqual(theirs.metadata.labels);
    expect(ours.data.schema).toBe(theirs.data.schema);
    const expected = JSON.parse(theirs.data.data.replace('<virtual-server ip>', '192.0.2.50'));
    expect(JSON.parse(ours.data.data)).toEqual(expected);
  });

  it.each([
    ['example-vs-resource.configmap.yaml', 443, Protocol.TCP],
    ['example-vs-resource-udp.configmap.yaml', 4445, Protocol.UDP],
  ] as const)("renders F5's %s field by field", (file, servicePort, protocol) => {
    const path = resolve(F5_CONFIGMAPS, file);
    if (!existsSync(path))
      return void console.warn(`[legacy-virtual-server-configmap] SKIPPED: ${path} is absent`);
    const theirs = YAML.parse(readFileSync(path, 'utf8')) as Doc;
    const document = JSON.parse(theirs.data.data) as Doc;
    const front = document.virtualServer.frontend as Doc;
    const f = fixture({
      cis: { customResourceMode: false },
      partition: { partitionName: front.partition },
      device: { inventory: [{ kind: BigipObjectKind.CLIENT_SSL_PROFILE, path: '/Common/testcert' }] },
    });
    const backend = nplService(f.cluster, { name: 'example-service', servicePort, protocol });
    new LegacyVirtualServerConfigMap(f.cluster, 'Vs', {
      controller: f.cis!,
      name: theirs.metadata.name,
      backend,
      bindAddr: front.virtualAddress.bindAddr,
      port: front.virtualAddress.port,
      mode: front.mode as LegacyVirtualServerMode,
      sslProfile: front.sslProfile ? BigipRef.clientSslProfile('/Common/testcert') : undefined,
      healthMonitors: document.virtualServer.backend.healthMonitors,
    });
    const ours = k8sObject(Testing.synth(f.stack), 'ConfigMap', 'default', theirs.metadata.name);
    expect(ours.metadata.labels).toEqual(theirs.metadata.labels);
    expect(ours.data.schema).toBe(theirs.data.schema);
    expect(JSON.parse(ours.data.data)).toEqual(document);
  });

  it("warns 'cis:legacy-virtual-server-configmap', naming the CRD replacement and CIS's rules for it", () => {
    const { stack, build } = legacy();
    build({ mode: LegacyVirtualServerMode.TCP });
    expect(synthesizeStack(stack).warnings).toEqual([
      {
        id: 'cis:legacy-virtual-server-configmap',
        path: CM,
        message: `the f5schemadb virtual-server ConfigMap is CIS's legacy format; prefer F5TransportServer with a CisController in custom-resource mode. CIS reads it only with 'customResourceMode' false and 'manageConfigmaps' true, posts it with the AS3 agent, and only in its own partition "K8S"`,
      },
    ]);
  });

  describe('fails when', () => {
    it("'cis:legacy-configmap-needs-legacy-controller': the controller runs in custom-resource mode", () => {
      const { stack, build } = legacy({});
      build();
      expectSynthProblems(stack, [
        {
          path: CM,
          message: `'controller' [test/Cluster/Cis] runs in custom-resource mode and never reads this ConfigMap [cis:legacy-configmap-needs-legacy-controller]`,
        },
      ]);
    });

    it("'cis:legacy-configmap-partition': frontend.partition is not the controller's", () => {
      const { stack, build, device } = legacy();
      const other = new BigipPartition(stack, 'Other', { device, partitionName: 'other' });
      build({ partition: other });
      expectSynthProblems(stack, [
        {
          path: CM,
          message: `'partition' "other" is not the partition of [test/Cluster/Cis] ("K8S"); CIS ignores the ConfigMap [cis:legacy-configmap-partition]`,
        },
      ]);
    });

    it("'cis:legacy-configmap-backend': the Service is elsewhere or cannot give members", () => {
      const { stack, build, cluster } = legacy();
      build({ backend: new FakeBackend(cluster, 'Plain', ServiceType.CLUSTER_IP), namespace: 'shop' });
      expectSynthProblems(stack, [
        {
          path: CM,
          message: `'backend' Service default/plain is not in the ConfigMap namespace "shop" [cis:legacy-configmap-backend]`,
        },
        {
          path: CM,
          message: `'backend' Service default/plain lacks the NodePortLocal annotation, but [test/Cluster/Cis] uses pool member type nodeportlocal: the pool would stay empty; use an NplService [cis:legacy-configmap-backend]`,
        },
      ]);
    });

    it('its VIP and port are taken by another virtual', () => {
      const { stack, build, svc, cluster, cis } = legacy();
      build();
      new LegacyVirtualServerConfigMap(cluster, 'Again', {
        controller: cis!,
        name: 'again',
        backend: svc,
        bindAddr: '192.0.2.50',
        port: 80,
      });
      expect(synthProblems(stack)).toContainEqual({
        path: 'test/Cluster/Again',
        message: `listens on 192.0.2.50:80, as [${CM}] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]`,
      });
    });

    it('props are malformed, all reported at once', () => {
      const { build } = legacy();
      expectValidationErrors(
        () =>
          build({
            bindAddr: '<virtual-server ip>',
            port: 0,
            servicePort: 81,
            healthMonitors: [{ ...HEALTH, protocol: 'gopher' as LegacyMonitorProtocol, interval: 0 }],
          }),
        CM,
        [
          `'servicePort' 81 is not a port of Service default/demoservice`,
          /^'healthMonitors\[0\]\.protocol' must be one of .*, got "gopher"$/,
          `'healthMonitors[0].interval' must be an integer from 1 to 86400, got 0`,
          `'bindAddr' must be an IPv4 or IPv6 address, got "<virtual-server ip>"`,
          `'port' must be an integer from 1 to 65535, got 0`,
        ],
      );
    });
  });
});
