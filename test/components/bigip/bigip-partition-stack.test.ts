import { JsonPatch } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { CisController } from '../../../components/cis/cis-controller';
import { As3Application } from '../../../lib/as3/application';
import { As3Pool } from '../../../lib/as3/pool';
import { MonitorType } from '../../../lib/as3/monitor';
import { As3RawObject } from '../../../lib/as3/raw';
import { App } from '../../../lib/core/app';
import { synthesizeStack } from '../../../lib/core/synth';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';
import { as3Files, as3Fixture, json, Testing, type As3Fixture } from '../../helpers/as3-fixture';

/** A small tenant: application `web` with one pool of two static members. */
function smallTenant(f: As3Fixture): As3Application {
  const web = new As3Application(f.stack, 'Web', { tenant: f.apps, name: 'web' });
  new As3Pool(web, 'Pool', {
    name: 'web_pool',
    monitors: [MonitorType.HTTP],
    members: [{ servicePort: 8080, serverAddresses: ['10.0.0.21', '10.0.0.22'] }],
  });
  return web;
}

const FILE = 'test/bigip/bigip/apps.as3.json';

describe('BigipPartition owned by the stack', () => {
  it('snapshot of the declaration of a small tenant', () => {
    const f = as3Fixture();
    smallTenant(f);
    expect(as3Files(Testing.synth(f.stack))).toMatchSnapshot();
  });

  it('renders one declaration per tenant at dist/<stack>/bigip/<device>/<tenant>.as3.json', () => {
    const f = as3Fixture();
    smallTenant(f);
    expect(Object.keys(as3Files(Testing.synth(f.stack)))).toEqual([FILE]);
  });

  it('renders the exact request body, class first at every level, keys sorted, 2-space JSON', () => {
    const f = as3Fixture();
    smallTenant(f);
    const expected = {
      class: 'AS3',
      action: 'deploy',
      persist: true,
      declaration: {
        class: 'ADC',
        schemaVersion: '3.56.0',
        id: 'urn:vks-bigip:test:bigip:apps',
        label: 'vks-bigip:test',
        remark: 'managed by vks-bigip for device bigip',
        apps: {
          class: 'Tenant',
          label: 'vks-bigip:test',
          remark: 'managed by vks-bigip for device bigip',
          web: {
            class: 'Application',
            template: 'generic',
            web_pool: {
              class: 'Pool',
              loadBalancingMode: 'round-robin',
              members: [
                {
                  adminState: 'enable',
                  serverAddresses: ['10.0.0.21', '10.0.0.22'],
                  servicePort: 8080,
                  shareNodes: false,
                },
              ],
              monitors: ['http'],
            },
          },
        },
      },
    };
    expect(Testing.synth(f.stack)[FILE]).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('exposes the same body through renderDeclaration()', () => {
    const f = as3Fixture();
    smallTenant(f);
    const tree = Testing.synth(f.stack);
    expect(JSON.parse(JSON.stringify(f.apps.renderDeclaration()))).toEqual(json(tree, FILE));
  });

  it('lists the declaration and the partition in index.json', () => {
    const f = as3Fixture();
    smallTenant(f);
    const index = json(Testing.synth(f.stack), 'test/index.json');
    expect(index.declarations).toHaveLength(1);
    expect(index.declarations[0]).toMatchObject({
      name: 'bigip/apps',
      device: 'bigip',
      url: 'https://192.0.2.1',
      tenant: 'apps',
      file: 'bigip/bigip/apps.as3.json',
      id: 'urn:vks-bigip:test:bigip:apps',
      label: 'vks-bigip:test',
      owner: 'stack',
    });
    expect(index.partitions).toEqual([
      { name: 'bigip/apps', device: 'bigip', partition: 'apps', owner: 'stack', path: 'test/Apps' },
    ]);
    expect(index.files['bigip/bigip/apps.as3.json']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders defaultRouteDomain on the tenant', () => {
    const f = as3Fixture();
    const rd = new BigipPartition(f.stack, 'Rd', {
      device: f.device,
      partitionName: 'rd_apps',
      owner: PartitionOwner.STACK,
      defaultRouteDomain: 2,
    });
    new As3Pool(new As3Application(f.stack, 'RdApp', { tenant: rd }), 'pool');
    smallTenant(f);
    expect(
      json(Testing.synth(f.stack), 'test/bigip/bigip/rd_apps.as3.json').declaration.rd_apps,
    ).toMatchObject({
      class: 'Tenant',
      defaultRouteDomain: 2,
    });
  });

  it('applies addAs3JsonPatch() operations to the request body (escape hatch)', () => {
    const f = as3Fixture();
    smallTenant(f);
    f.apps.addAs3JsonPatch(
      JsonPatch.add('/declaration/apps/web/web_pool/slowRampTime', 30),
      JsonPatch.add('/declaration/apps/enable', true),
    );
    const body = json(Testing.synth(f.stack), FILE);
    expect(body.declaration.apps.enable).toBe(true);
    expect(body.declaration.apps.web.web_pool.slowRampTime).toBe(30);
    // Patched output is canonical too: class first, the rest sorted.
    expect(Object.keys(body.declaration.apps)).toEqual(['class', 'label', 'remark', 'enable', 'web']);
  });

  it('applies As3Application.addJsonPatch() operations inside the application', () => {
    const f = as3Fixture();
    smallTenant(f).addJsonPatch(JsonPatch.add('/web_pool/members/0/ratio', 5));
    expect(json(Testing.synth(f.stack), FILE).declaration.apps.web.web_pool.members[0].ratio).toBe(5);
  });

  describe('fails when', () => {
    it('it declares no application', () => {
      const f = as3Fixture();
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Apps',
          message:
            'declares no AS3 application; an empty tenant is what AS3 deletes, so add an As3Application or a BigipVirtualServer',
        },
      ]);
    });

    it('an AS3 application is declared in a CIS partition (the tenant is also claimed by CIS)', () => {
      const f = as3Fixture();
      smallTenant(f);
      const k8s = new BigipPartition(f.stack, 'CisPartition', { device: f.device, partitionName: 'k8s' });
      new CisController(f.cluster, 'Cis', { device: f.device, partition: k8s, insecure: true });
      new As3Pool(new As3Application(f.stack, 'Intruder', { tenant: k8s }), 'pool');
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/CisPartition',
          message:
            "is written by CIS, but [test/Intruder] declares an AS3 application in it; AS3 replaces a tenant wholesale, so CIS and this stack would erase each other's objects. Use a partition with owner PartitionOwner.STACK",
        },
      ]);
    });

    it('a BigipVirtualServer targets a CIS partition', () => {
      const f = as3Fixture();
      const k8s = new BigipPartition(f.stack, 'CisPartition', { device: f.device, partitionName: 'k8s' });
      expectValidationError(
        () =>
          new BigipVirtualServer(f.stack, 'Vs', {
            partition: k8s,
            virtualAddress: '192.0.2.10',
            serverAddresses: ['10.0.0.5'],
          }),
        'test/Vs',
        `'partition' "k8s" is written by CIS from custom resources; declare AS3 only in a partition owned by the stack or an As3ConfigMap (use F5VirtualServer for CIS partitions)`,
      );
    });

    it('the stack tenant is the partition of a CisController on the same device (another stack)', () => {
      const app = new App();
      const prod = as3Fixture({ app, stackName: 'prod' });
      smallTenant(prod);
      const k8s = new BigipPartition(prod.stack, 'CisPartition', {
        device: prod.device,
        partitionName: 'k8s',
      });
      new CisController(prod.cluster, 'Cis', { device: prod.device, partition: k8s, insecure: true });
      const ops = as3Fixture({ app, stackName: 'ops' });
      smallTenant(ops);
      const stolen = new BigipPartition(ops.stack, 'Stolen', {
        device: ops.device,
        partitionName: 'k8s',
        owner: PartitionOwner.STACK,
      });
      new As3Pool(new As3Application(ops.stack, 'X', { tenant: stolen }), 'pool');
      expect(synthProblems(ops.stack)).toContainEqual({
        path: 'ops/Stolen',
        message: `'partitionName' "k8s" on https://192.0.2.1 is already declared by [prod/CisPartition] (owner cis); a partition has exactly one writer`,
      });
    });

    it.each(['k8s_AS3', 'k8s_gtm'])('the stack tenant is %s, a partition CIS manages for itself', (name) => {
      const f = as3Fixture();
      smallTenant(f);
      new BigipPartition(f.stack, 'CisPartition', { device: f.device, partitionName: 'k8s' });
      const tenant = new BigipPartition(f.stack, 'Legacy', {
        device: f.device,
        partitionName: name,
        owner: PartitionOwner.STACK,
      });
      new As3Pool(new As3Application(f.stack, 'X', { tenant }), 'pool');
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Legacy',
          message: `'partitionName' "${name}" is a partition CIS manages for [test/CisPartition] (k8s); choose another name`,
        },
      ]);
    });

    it('the stack tenant is <partition>_AS3 of a CIS partition declared in another stack on the same device', () => {
      const app = new App();
      const prod = as3Fixture({ app, stackName: 'prod' });
      smallTenant(prod);
      new BigipPartition(prod.stack, 'CisPartition', { device: prod.device, partitionName: 'k8s' });
      const ops = as3Fixture({ app, stackName: 'ops' });
      const tenant = new BigipPartition(ops.stack, 'Legacy', {
        device: ops.device,
        partitionName: 'k8s_AS3',
        owner: PartitionOwner.STACK,
      });
      new As3Pool(new As3Application(ops.stack, 'X', { tenant }), 'pool');
      // (ops/Apps is empty and also apps of prod's device: reported as well)
      expect(synthProblems(ops.stack)).toContainEqual({
        path: 'ops/Legacy',
        message: `'partitionName' "k8s_AS3" is a partition CIS manages for [prod/CisPartition] (k8s); choose another name`,
      });
    });

    it('the same tenant is declared twice in one stack', () => {
      const f = as3Fixture();
      smallTenant(f);
      const again = new BigipPartition(f.stack, 'Again', {
        device: f.device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      new As3Pool(new As3Application(f.stack, 'X', { tenant: again }), 'pool');
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Again',
          message: `'partitionName' "apps" on https://192.0.2.1 is already declared by [test/Apps] (owner stack); a partition has exactly one writer`,
        },
      ]);
    });

    it('the same tenant is declared by two stacks on the same device URL', () => {
      const app = new App();
      const a = as3Fixture({ app, stackName: 'blue' });
      smallTenant(a);
      const b = as3Fixture({ app, stackName: 'green', deviceUrl: 'https://192.0.2.1:443' });
      smallTenant(b);
      expect(() => synthesizeStack(a.stack)).not.toThrow();
      expect(synthProblems(b.stack)).toEqual([
        {
          path: 'green/Apps',
          message: `'partitionName' "apps" on https://192.0.2.1 is already declared by [blue/Apps] (owner stack); a partition has exactly one writer`,
        },
      ]);
    });

    it("a virtual server of another stack targets the stack's tenant", () => {
      const app = new App();
      const prod = as3Fixture({ app, stackName: 'prod' });
      smallTenant(prod);
      const ops = as3Fixture({ app, stackName: 'ops', stackPartition: false });
      new BigipVirtualServer(ops.stack, 'Vs', {
        partition: prod.apps,
        virtualAddress: '192.0.2.10',
        serverAddresses: ['10.0.0.5'],
      });
      expect(synthProblems(ops.stack)).toEqual([
        {
          path: 'ops/Vs/Application',
          message: `'tenant' "apps" is declared in stack "prod", which renders it; declare the application in that stack`,
        },
      ]);
    });

    it('the tenant is Common', () => {
      const f = as3Fixture();
      expectValidationError(
        () =>
          new BigipPartition(f.stack, 'Common', {
            device: f.device,
            partitionName: 'Common',
            owner: PartitionOwner.STACK,
          }),
        'test/Common',
        `'partitionName' must not be "Common": it is BIG-IP's shared partition, which CIS and AS3 reserve`,
      );
    });

    it('two applications of the tenant share a name', () => {
      const f = as3Fixture();
      smallTenant(f);
      new As3Pool(new As3Application(f.stack, 'Web2', { tenant: f.apps, name: 'web' }), 'other');
      expect(synthProblems(f.stack)).toEqual([
        { path: 'test/Apps', message: 'has two applications named "web": [test/Web] and [test/Web2]' },
      ]);
    });

    it('defaultRouteDomain is set on a partition the stack does not write', () => {
      const f = as3Fixture();
      expectValidationError(
        () =>
          new BigipPartition(f.stack, 'Cis', {
            device: f.device,
            partitionName: 'k8s',
            defaultRouteDomain: 2,
          }),
        'test/Cis',
        "'defaultRouteDomain' applies only to stack-owned partitions; CIS sets the route domain of its own",
      );
    });

    it.each([-1, 65536])('defaultRouteDomain is %j', (defaultRouteDomain) => {
      const f = as3Fixture({ stackPartition: false });
      expectValidationError(
        () =>
          new BigipPartition(f.stack, 'Rd', {
            device: f.device,
            partitionName: 'rd',
            owner: PartitionOwner.STACK,
            defaultRouteDomain,
          }),
        'test/Rd',
        `'defaultRouteDomain' must be an integer from 0 to 65535, got ${defaultRouteDomain}`,
      );
    });

    it('addAs3JsonPatch() is called on a partition the stack does not write', () => {
      const f = as3Fixture();
      const k8s = new BigipPartition(f.stack, 'Cis', { device: f.device, partitionName: 'k8s' });
      expectValidationError(
        () => k8s.addAs3JsonPatch(JsonPatch.add('/x', 1)),
        'test/Cis',
        'addAs3JsonPatch() applies to stack-owned partitions; this one is cis',
      );
    });

    it('an addAs3JsonPatch() operation does not apply to the body', () => {
      const f = as3Fixture();
      smallTenant(f);
      f.apps.addAs3JsonPatch(JsonPatch.replace('/declaration/apps/nothere/x', 1));
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Apps',
          message: expect.stringMatching(
            /^'addAs3JsonPatch' operations do not apply to the rendered declaration: .+/,
          ) as unknown as string,
        },
      ]);
    });

    it('an addJsonPatch() operation of one of its applications does not apply (reported once, by the application)', () => {
      const f = as3Fixture();
      smallTenant(f).addJsonPatch(JsonPatch.remove('/nothere/x'));
      f.apps.addAs3JsonPatch(JsonPatch.add('/persist', false));
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Web',
          message: expect.stringMatching(
            /^'addJsonPatch' operations do not apply to the rendered application: .+/,
          ) as unknown as string,
        },
      ]);
    });

    it('the declaration would carry a private key (raw object)', () => {
      const f = as3Fixture();
      const web = smallTenant(f);
      new As3RawObject(web, 'Key', {
        name: 'legacy_cert',
        as3Class: 'Certificate',
        properties: {
          certificate: { bigip: '/Common/default.crt' },
          privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n',
        },
      });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Apps',
          message:
            'the declaration carries secret material at /declaration/apps/web/legacy_cert/privateKey; reference keys with BigipRef instead',
        },
      ]);
    });

    it('the device is missing', () => {
      const f = as3Fixture();
      expectValidationError(
        () => new BigipPartition(f.stack, 'P', { owner: PartitionOwner.STACK } as never),
        'test/P',
        "'device' is required: the BigipDevice this partition lives on",
      );
    });
  });

  it('accepts the same tenant name on two devices', () => {
    const f = as3Fixture();
    smallTenant(f);
    const other = new BigipDevice(f.stack, 'Other', { url: 'https://192.0.2.2' });
    const apps2 = new BigipPartition(f.stack, 'Apps2', {
      device: other,
      partitionName: 'apps',
      owner: PartitionOwner.STACK,
    });
    new As3Pool(new As3Application(f.stack, 'X', { tenant: apps2 }), 'pool');
    expect(Object.keys(as3Files(Testing.synth(f.stack)))).toEqual([FILE, 'test/bigip/other/apps.as3.json']);
  });
});
