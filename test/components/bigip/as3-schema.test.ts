import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duration, JsonPatch } from 'cdk8s';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer, VirtualServerProtocol } from '../../../components/bigip/bigip-virtual-server';
import { Protocol } from '../../../components/workloads/service-backend';
import { ApplicationTemplate, As3Application } from '../../../lib/as3/application';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { As3IRule } from '../../../lib/as3/irule';
import { As3Pool, MemberAdminState, ServiceDownAction } from '../../../lib/as3/pool';
import { MonitorType, As3Monitor } from '../../../lib/as3/monitor';
import { As3RawObject } from '../../../lib/as3/raw';
import { As3ServiceL4 } from '../../../lib/as3/service';
import { Snat } from '../../../lib/as3/snat';
import { PersistenceMethod, As3Persist } from '../../../lib/as3/persist';
import { As3SnatPool } from '../../../lib/as3/snat-pool';
import { As3Certificate, As3TlsClient, As3TlsServer } from '../../../lib/as3/tls';
import { loadAs3Schema } from '../../../lib/as3/schema-validator';
import { LoadBalancingMethod } from '../../../lib/as3/load-balancing';
import { findDeclarations, checkDeclarationsAgainstSchema } from '../../../lib/cli/as3-schema-check';
import type { Stack } from '../../../lib/core/stack';
import { synthesizeStack, type StackOutput } from '../../../lib/core/synth';
import { createApp } from '../../../stacks';
import { as3Fixture, configMapSetup, ingressService, type As3Fixture } from '../../helpers/as3-fixture';

/**
 * Tier 3: every AS3 declaration the product writes, validated with ajv against the official AS3 3.56.0
 * schema from the repository's sibling `shared/` folder (skipped with a message where it is absent).
 * Every validation uses the same options, so the 1.2 MB schema is compiled once for this file.
 */
const SCHEMA = resolve(__dirname, '../../../../shared/as3/as3-schema-3.56.0-10.json');
const available = existsSync(SCHEMA);
if (!available) {
  console.warn(`[as3-schema] skipping the AS3 schema tier: ${SCHEMA} is absent (it lives in ../shared/as3/)`);
}

/** The AS3 schema errors of one request body: the AS3 wrapper and its ADC declaration. */
function schemaErrors(body: unknown): string[] {
  const validator = loadAs3Schema(SCHEMA);
  const request = validator.validateRequest(body, { allErrors: true });
  const adc = validator.validateDeclaration((body as { declaration?: unknown }).declaration, {
    allErrors: true,
  });
  return [...request.errors, ...adc.errors].map((e) => e.text);
}

/** Every declaration of a stack (files and AS3 ConfigMap templates) with its schema errors. */
function stackSchemaErrors(stack: Stack): Record<string, string[]> {
  const output = synthesizeStack(stack);
  return Object.fromEntries(findDeclarations(output).map((d) => [d.location, schemaErrors(d.body)]));
}

const FILES = [
  { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/web.crt' },
  { kind: BigipObjectKind.SSL_KEY, path: '/Common/web.key' },
  { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/chain.crt' },
  { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/ca-bundle.crt' },
  { kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' },
  { kind: BigipObjectKind.WAF_POLICY, path: '/Common/waf_base' },
  { kind: BigipObjectKind.VLAN, path: '/Common/external' },
  { kind: BigipObjectKind.SNAT_POOL, path: '/Common/snat_ext' },
  { kind: BigipObjectKind.PERSISTENCE_PROFILE, path: '/Common/cookie' },
];

/** A stack-owned tenant that uses every typed AS3 class, every protocol and the options of each. */
function everyClass(): As3Fixture {
  const f = as3Fixture({ inventory: FILES });
  const shared = new As3Application(f.stack, 'Shared', { tenant: f.apps });
  const declarable = [
    MonitorType.HTTP,
    MonitorType.HTTPS,
    MonitorType.TCP,
    MonitorType.UDP,
    MonitorType.ICMP,
  ];
  const monitors = declarable.map(
    (monitorType) =>
      new As3Monitor(shared, `Monitor-${monitorType}`, {
        name: `${monitorType}_health`,
        monitorType,
        ...(monitorType === MonitorType.ICMP ? {} : { send: 'PING\r\n', receive: 'PONG' }),
        interval: Duration.seconds(299),
        timeout: Duration.seconds(900),
        targetPort: monitorType === MonitorType.ICMP ? undefined : 8080,
        label: `${monitorType} probe`,
      }),
  );
  const certificate = new As3Certificate(shared, 'Cert', {
    name: 'web_cert',
    certificate: BigipRef.sslCertificate('/Common/web.crt'),
    privateKey: BigipRef.sslKey('/Common/web.key'),
    chainCA: BigipRef.sslCertificate('/Common/chain.crt'),
  });
  const pemCertificate = new As3Certificate(shared, 'PemCert', {
    name: 'pem_cert',
    certificate: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n',
    privateKey: BigipRef.sslKey('/Common/web.key'),
  });
  const serverTls = new As3TlsServer(shared, 'ServerTls', {
    name: 'web_tls',
    certificates: [
      { certificate, matchToSNI: 'www.example.com' },
      { certificate: pemCertificate, sniDefault: true },
    ],
    tls1_3Enabled: true,
    requireSNI: false,
    ciphers: 'DEFAULT',
  });
  const clientTls = new As3TlsClient(shared, 'ClientTls', {
    name: 'to_members',
    serverName: 'app.internal.example.com',
    validateCertificate: true,
    trustCA: BigipRef.sslCertificate('/Common/ca-bundle.crt'),
    tls1_3Enabled: false,
  });
  const persists = [
    PersistenceMethod.COOKIE,
    PersistenceMethod.DESTINATION_ADDRESS,
    PersistenceMethod.HASH,
    PersistenceMethod.MSRDP,
    PersistenceMethod.SOURCE_ADDRESS,
    PersistenceMethod.TLS_SESSION_ID,
  ].map(
    (persistenceMethod) =>
      new As3Persist(shared, `Persist-${persistenceMethod}`, {
        name: `persist_${persistenceMethod.replace(/-/g, '_')}`,
        persistenceMethod,
        duration: Duration.days(7),
        cookieName: persistenceMethod === PersistenceMethod.COOKIE ? 'BIGip.~#$%^&*_-x' : undefined,
      }),
  );
  const iRule = new As3IRule(shared, 'IRule', {
    name: 'xff',
    iRule: 'when HTTP_REQUEST { pool `*pool` }',
    expand: true,
  });
  const snat = new As3SnatPool(shared, 'Snat', {
    name: 'snat',
    snatAddresses: ['192.0.2.200', '2001:db8::200'],
  });

  new BigipVirtualServer(f.stack, 'Http', {
    partition: f.apps,
    applicationName: 'http_app',
    virtualAddress: '192.0.2.10',
    service: ingressService(f.cluster),
    monitors: [monitors[0]!, MonitorType.TCP, BigipRef.monitor('/Common/http')],
    loadBalancingMode: LoadBalancingMethod.RATIO_MEMBER,
    iRules: [iRule, BigipRef.iRule('/Common/insert_xff')],
    persistenceMethods: [persists[0]!, BigipRef.persistenceProfile('/Common/cookie')],
    snat: Snat.pool(snat),
    policyWaf: BigipRef.wafPolicy('/Common/waf_base'),
    clientTls,
  });
  new BigipVirtualServer(f.stack, 'Https', {
    partition: f.apps,
    applicationName: 'https_app',
    protocol: VirtualServerProtocol.HTTPS,
    virtualAddress: '2001:db8::10',
    serverAddresses: ['2001:db8::21', '2001:db8::22'],
    memberPort: 8443,
    monitors: [monitors[1]!],
    serverTls,
    clientTls: BigipRef.serverSslProfile('/Common/serverssl'),
    redirect80: true,
    snat: Snat.bigip(BigipRef.snatPool('/Common/snat_ext')),
  });
  new BigipVirtualServer(f.stack, 'Tcp', {
    partition: f.apps,
    applicationName: 'tcp_app',
    protocol: VirtualServerProtocol.TCP,
    virtualAddress: '192.0.2.12%0',
    virtualPort: 5432,
    service: ingressService(f.cluster, { name: 'pg', portName: 'pg', port: 5432, nodePort: 30432 }, 'Pg'),
    monitors: [monitors[2]!],
    persistenceMethods: [PersistenceMethod.SOURCE_ADDRESS],
    snat: Snat.SELF,
  });
  new BigipVirtualServer(f.stack, 'Udp', {
    partition: f.apps,
    applicationName: 'udp_app',
    protocol: VirtualServerProtocol.UDP,
    virtualAddress: '192.0.2.13',
    virtualPort: 53,
    service: ingressService(
      f.cluster,
      { name: 'dns', portName: 'dns', port: 53, nodePort: 30053, protocol: Protocol.UDP },
      'Dns',
    ),
    monitors: [monitors[3]!, MonitorType.UDP],
    persistenceMethods: [],
    snat: Snat.NONE,
  });

  const l4 = new As3Application(f.stack, 'L4', {
    tenant: f.apps,
    name: 'l4_app',
    template: ApplicationTemplate.L4,
  });
  const l4Pool = new As3Pool(l4, 'Pool', {
    name: 'l4_pool',
    monitors: [monitors[4]!, MonitorType.ICMP, BigipRef.monitor('/Common/gateway_icmp')],
    minimumMonitors: 2,
    serviceDownAction: ServiceDownAction.RESET,
    slowRampTime: Duration.seconds(900),
    loadBalancingMode: LoadBalancingMethod.LEAST_CONNECTIONS_NODE,
    members: [
      { servicePort: 9000, serverAddresses: ['10.1.0.1', '10.1.0.2'], ratio: 100, priorityGroup: 65535 },
      {
        servicePort: 9000,
        serverAddresses: ['10.1.0.3'],
        adminState: MemberAdminState.OFFLINE,
        shareNodes: true,
      },
    ],
  });
  new As3ServiceL4(l4, 'Service', {
    name: 'serviceMain',
    virtualAddresses: ['192.0.2.14', '192.0.2.15%3'],
    virtualPort: 9000,
    pool: l4Pool,
    persistenceMethods: [persists[4]!, PersistenceMethod.DESTINATION_ADDRESS],
    allowVlans: [BigipRef.vlan('/Common/external')],
    iRules: [iRule],
    label: 'fastL4',
    remark: 'generic L4 forwarding',
  });
  new As3RawObject(l4, 'Http', {
    name: 'http_profile',
    as3Class: 'HTTP_Profile',
    properties: { xForwardedFor: true, hstsInsert: true },
  });
  // Persist profiles that no service points to are still valid declarations.
  void persists;
  return f;
}

describe.skipIf(!available)('AS3 declarations conform to the official AS3 3.56.0 schema', () => {
  it('every declaration of every stack of stacks/index.ts, including the AS3 ConfigMap template', () => {
    const app = createApp();
    const outputs: StackOutput[] = app.stacks.map((stack) => synthesizeStack(stack));
    const { checked, failures } = checkDeclarationsAgainstSchema(outputs, SCHEMA);
    expect(failures).toEqual([]);
    const locations = checked.map((c) => c.location);
    expect(locations).toEqual(
      expect.arrayContaining([
        'prod/bigip/bigip-prod/Nginx_IC.as3.json',
        'prod/bigip/bigip-prod/vks_prod_apps.as3.json',
        'prod/k8s/vks-prod/configmap-kube-system-as3-template.yaml#data.template',
      ]),
    );
    // Each declaration checked is an AS3 request for one tenant.
    for (const { body } of checked) {
      expect(body).toMatchObject({
        class: 'AS3',
        action: 'deploy',
        persist: true,
        declaration: { class: 'ADC', schemaVersion: '3.56.0' },
      });
    }
  });

  it('a declaration for an AS3 newer than the schema file fails with a clear message (no schema offline)', () => {
    const output = synthesizeStack(createApp().stack('prod'));
    const first = output.records.declarations[0];
    expect(first).toBeDefined();
    const body = structuredClone(first!.declaration) as { declaration: { schemaVersion: string } };
    body.declaration.schemaVersion = '3.57.0';
    const patched = {
      ...output,
      records: { ...output.records, declarations: [{ ...first!, declaration: body }], manifests: [] },
    };
    const { failures } = checkDeclarationsAgainstSchema([patched], SCHEMA);
    expect(failures).toEqual([
      {
        location: `prod/${first!.file}`,
        message: `schemaVersion 3.57.0: no AS3 3.57 schema is available offline (${SCHEMA} is AS3 3.56.0); pass that release's schema with --as3-schema`,
      },
    ]);
  });

  it("the prod AS3 ConfigMap's template, parsed from the rendered YAML, passes", () => {
    const output = synthesizeStack(createApp().stack('prod'));
    const yaml = output.files.get('prod/k8s/vks-prod/configmap-kube-system-as3-template.yaml');
    const template = (YAML.parse(yaml as string) as { data: { template: string } }).data.template;
    expect(schemaErrors(JSON.parse(template))).toEqual([]);
  });

  it('a tenant using every typed class, every protocol and their options passes', () => {
    const errors = stackSchemaErrors(everyClass().stack);
    expect(errors).toEqual({ 'test/bigip/bigip/apps.as3.json': [] });
  });

  it('the seed-004 shape (HTTPS with a Shared TLS_Server, CIS-filled members) passes as a ConfigMap template', () => {
    const f = as3Fixture({ inventory: FILES, stackPartition: false });
    const cm = configMapSetup(f, { tenantName: 'Nginx_IC' });
    const shared = new As3Application(f.stack, 'Shared', { tenant: cm.tenant });
    const certificate = new As3Certificate(shared, 'Cert', {
      certificate: BigipRef.sslCertificate('/Common/web.crt'),
      privateKey: BigipRef.sslKey('/Common/web.key'),
    });
    const tls = new As3TlsServer(shared, 'Tls', { certificates: [{ certificate }] });
    new BigipVirtualServer(f.stack, 'NginxIc', {
      partition: cm.tenant,
      applicationName: 'Nginx_IC_vs',
      protocol: VirtualServerProtocol.HTTPS,
      virtualAddress: '192.0.2.14',
      service: ingressService(f.cluster, {
        name: 'nginx-ingress',
        port: 443,
        portName: 'https',
        nodePort: undefined,
      }),
      monitors: [MonitorType.HTTPS],
      serverTls: tls,
      clientTls: BigipRef.serverSslProfile('/Common/serverssl'),
    });
    expect(stackSchemaErrors(f.stack)).toEqual({
      'test/bigip/bigip/Nginx_IC.as3.json': [],
      'test/k8s/c1/configmap-kube-system-as3-template.yaml#data.template': [],
    });
  });

  it('the longest names the limits allow pass (195-character paths, ids capped at 255 characters)', () => {
    const f = as3Fixture({ stackName: 's'.repeat(40), stackPartition: false });
    const device = new BigipDevice(f.stack, 'LongDevice', {
      url: 'https://192.0.2.50',
      deviceName: 'd'.repeat(63),
    });
    const long = new BigipPartition(f.stack, 'Long', {
      device,
      partitionName: `T${'t'.repeat(184)}`,
      owner: PartitionOwner.STACK,
    });
    new As3IRule(new As3Application(f.stack, 'App', { tenant: long, name: 'A' }), 'Rule', {
      name: 'r',
      iRule: 'x',
    });
    const short = new BigipPartition(f.stack, 'Short', {
      device,
      partitionName: 'ab',
      owner: PartitionOwner.STACK,
    });
    const rule = new As3IRule(new As3Application(f.stack, 'ShortApp', { tenant: short, name: 'a' }), 'Rule', {
      name: `R${'r'.repeat(188)}`,
      iRule: 'x',
    });
    expect(rule.path).toHaveLength(195);
    const output = synthesizeStack(f.stack);
    const declarations = findDeclarations(output);
    expect(declarations).toHaveLength(2);
    for (const { body } of declarations) {
      expect(schemaErrors(body)).toEqual([]);
      expect((body as { declaration: { id: string } }).declaration.id.length).toBeLessThanOrEqual(255);
    }
  });

  describe('the check catches a bad declaration', () => {
    it('an addAs3JsonPatch() adding an invalid value', () => {
      const f = everyClass();
      f.apps.addAs3JsonPatch(JsonPatch.replace('/declaration/apps/tcp_app/serviceMain/virtualPort', 70000));
      expect(stackSchemaErrors(f.stack)['test/bigip/bigip/apps.as3.json']).toContain(
        '/apps/tcp_app/serviceMain/virtualPort: should be <= 65535',
      );
    });

    it('an As3Application.addJsonPatch() adding an unknown enum value', () => {
      const f = everyClass();
      const app = f.apps.applications.find((a) => a.applicationName === 'l4_app') as As3Application;
      app.addJsonPatch(JsonPatch.replace('/l4_pool/loadBalancingMode', 'fastest-guess'));
      const errors = stackSchemaErrors(f.stack)['test/bigip/bigip/apps.as3.json'];
      expect(errors).toContainEqual(
        expect.stringMatching(
          /^\/apps\/l4_app\/l4_pool\/loadBalancingMode: should be equal to one of the allowed values/,
        ),
      );
    });

    it('a raw object with a property its class does not have', () => {
      const f = everyClass();
      const app = f.apps.applications.find((a) => a.applicationName === 'l4_app') as As3Application;
      new As3RawObject(app, 'Bad', {
        name: 'bad_snat',
        as3Class: 'SNAT_Pool',
        properties: { snatAddresses: ['192.0.2.1'], snatPorts: 1 },
      });
      const errors = stackSchemaErrors(f.stack)['test/bigip/bigip/apps.as3.json'];
      expect(errors).toContainEqual(
        expect.stringMatching(/^\/apps\/l4_app\/bad_snat: should NOT have additional properties/),
      );
    });
  });
});
