import { describe, expect, it } from 'vitest';
import {
  AS3_CONFIGMAP_LABELS,
  As3ConfigMap,
  type As3ConfigMapProps,
} from '../../../components/bigip/as3-config-map';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { CisController } from '../../../components/cis/cis-controller';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { As3Application } from '../../../lib/as3/application';
import { As3RawObject } from '../../../lib/as3/raw';
import { Names } from '../../../lib/core/names';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';
import { k8sObject } from '../../helpers/fixture';
import {
  as3Fixture,
  configMapSetup,
  ingressService,
  json,
  Testing,
  type As3Fixture,
} from '../../helpers/as3-fixture';

const REVIEW_COPY = 'test/bigip/bigip/cm_tenant.as3.json';

function setup(options: Parameters<typeof configMapSetup>[1] = {}) {
  const f = as3Fixture({ stackPartition: false });
  const cm = configMapSetup(f, options);
  return { f, ...cm };
}

/** The NGINX front of seed 004 in the ConfigMap tenant. */
function nginxFront(f: As3Fixture, tenant: BigipPartition, id = 'NginxIc') {
  return new BigipVirtualServer(f.stack, id, {
    partition: tenant,
    applicationName: `${id}_vs`,
    virtualAddress: '192.0.2.14',
    service: ingressService(
      f.cluster,
      { name: `${id.toLowerCase()}-ingress`, nodePort: undefined },
      `${id}Ingress`,
    ),
  });
}

describe('As3ConfigMap', () => {
  it('snapshot of the ConfigMap and its review copy', () => {
    const { f, tenant } = setup();
    nginxFront(f, tenant);
    const tree = Testing.synth(f.stack);
    expect({
      configMap: tree['test/k8s/c1/configmap-kube-system-as3-template.yaml'],
      reviewCopy: tree[REVIEW_COPY],
    }).toMatchSnapshot();
  });

  it('renders a ConfigMap labelled f5type: virtual-server and as3: "true" in the controller namespace', () => {
    const { f, tenant, configMap } = setup();
    nginxFront(f, tenant);
    const object = k8sObject(Testing.synth(f.stack), 'ConfigMap', 'kube-system', 'as3-template');
    expect(AS3_CONFIGMAP_LABELS).toEqual({ f5type: 'virtual-server', as3: 'true' });
    expect(object.metadata).toEqual({
      name: 'as3-template',
      namespace: 'kube-system',
      labels: { as3: 'true', f5type: 'virtual-server' },
    });
    expect(Object.keys(object.data)).toEqual(['template']);
    expect(configMap?.cluster).toBe(f.cluster);
    expect(configMap?.partition).toBe(tenant);
  });

  it('holds the JSON request body in data.template, identical to the review copy', () => {
    const { f, tenant } = setup();
    const vs = nginxFront(f, tenant);
    const tree = Testing.synth(f.stack);
    const template = k8sObject(tree, 'ConfigMap', 'kube-system', 'as3-template').data.template as string;
    expect(template).toBe(tree[REVIEW_COPY]);
    const body = JSON.parse(template);
    expect(Object.keys(body)).toEqual(['class', 'action', 'persist', 'declaration']);
    expect(body).toMatchObject({ class: 'AS3', action: 'deploy', persist: true });
    expect(body.declaration).toMatchObject({
      class: 'ADC',
      schemaVersion: '3.56.0',
      id: 'urn:vks-bigip:test:bigip:cm_tenant',
      label: 'vks-bigip-cis:test',
      remark: 'posted by CIS from an AS3 ConfigMap rendered by vks-bigip',
    });
    expect(Object.keys(body.declaration.cm_tenant)).toEqual(['class', 'label', 'remark', 'NginxIc_vs']);
    expect(body.declaration.cm_tenant.label).toBe('vks-bigip-cis:test');
    expect(body.declaration.cm_tenant.NginxIc_vs.pool.members).toEqual([
      { adminState: 'enable', serverAddresses: [], servicePort: 80, shareNodes: true },
    ]);
    expect(vs.application.applicationName).toBe('NginxIc_vs');
  });

  it('lists the review copy in index.json, saying CIS posts it', () => {
    const { f, tenant } = setup();
    nginxFront(f, tenant);
    const index = json(Testing.synth(f.stack), 'test/index.json');
    expect(index.declarations).toEqual([
      {
        name: 'bigip/cm_tenant',
        device: 'bigip',
        url: 'https://192.0.2.1',
        tenant: 'cm_tenant',
        file: 'bigip/bigip/cm_tenant.as3.json',
        id: 'urn:vks-bigip:test:bigip:cm_tenant',
        label: 'vks-bigip-cis:test',
        owner: 'cis-as3-configmap',
        postedBy: 'test/Cluster/Cis',
      },
    ]);
    expect(index.partitions).toContainEqual({
      name: 'bigip/cm_tenant',
      device: 'bigip',
      partition: 'cm_tenant',
      owner: 'cis-as3-configmap',
      path: 'test/CmTenant',
    });
  });

  it('generates its name from the construct path and accepts another namespace', () => {
    const { f, tenant, configMap } = setup({ configMap: { name: undefined, namespace: 'f5-cis' } });
    nginxFront(f, tenant);
    const name = Names.toDnsLabel(configMap as As3ConfigMap, { relativeTo: f.cluster });
    const tree = Testing.synth(f.stack);
    expect(k8sObject(tree, 'ConfigMap', 'f5-cis', name).metadata.labels).toEqual({
      as3: 'true',
      f5type: 'virtual-server',
    });
    expect(k8sObject(tree, 'Namespace', undefined, 'f5-cis').kind).toBe('Namespace');
  });

  it('exposes the raw ConfigMap for escape hatches', () => {
    const { f, tenant, configMap } = setup();
    nginxFront(f, tenant);
    configMap?.configMap.metadata.addAnnotation('example.com/owner', 'platform');
    expect(
      k8sObject(Testing.synth(f.stack), 'ConfigMap', 'kube-system', 'as3-template').metadata.annotations,
    ).toEqual({
      'example.com/owner': 'platform',
    });
  });

  describe('fails when', () => {
    it('the controller is missing', () => {
      const { f, tenant } = setup({ configMap: false });
      expectValidationError(
        () => new As3ConfigMap(f.cluster, 'Cm', { partition: tenant } as unknown as As3ConfigMapProps),
        'test/Cluster/Cm',
        "'controller' is required: the CisController that posts the declaration",
      );
    });

    it('the partition is missing', () => {
      const { f, cis } = setup({ configMap: false });
      expectValidationError(
        () => new As3ConfigMap(f.cluster, 'Cm', { controller: cis } as As3ConfigMapProps),
        'test/Cluster/Cm',
        "'partition' is required: the BigipPartition the ConfigMap declares",
      );
    });

    it('the partition is not owned by an AS3 ConfigMap', () => {
      const { f, cis } = setup({ configMap: false });
      const stackOwned = new BigipPartition(f.stack, 'Apps', {
        device: f.device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      expectValidationError(
        () => new As3ConfigMap(f.cluster, 'Cm', { controller: cis, partition: stackOwned }),
        'test/Cluster/Cm',
        `'partition' "apps" has owner stack; an AS3 ConfigMap needs owner PartitionOwner.CIS_AS3_CONFIGMAP`,
      );
    });

    it('namespace is not a DNS label', () => {
      const { f, cis, tenant } = setup({ configMap: false });
      expectValidationError(
        () =>
          new As3ConfigMap(f.cluster, 'Cm', { controller: cis, partition: tenant, namespace: 'Kube_System' }),
        'test/Cluster/Cm',
        `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Kube_System"`,
      );
    });

    it('name is not a DNS subdomain', () => {
      const { f, cis, tenant } = setup({ configMap: false });
      expectValidationError(
        () => new As3ConfigMap(f.cluster, 'Cm', { controller: cis, partition: tenant, name: 'AS3 template' }),
        'test/Cluster/Cm',
        `'name' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "AS3 template"`,
      );
    });

    it('it is created outside a cluster', () => {
      const { f, cis, tenant } = setup({ configMap: false });
      expectValidationError(
        () => new As3ConfigMap(f.stack, 'Cm', { controller: cis, partition: tenant }),
        'test/Cm',
        "must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Cm",
      );
    });

    it('the controller runs in custom-resource mode', () => {
      const { f, tenant } = setup({ cis: { customResourceMode: true } });
      nginxFront(f, tenant);
      expect(synthProblems(f.stack)).toContainEqual({
        path: 'test/Cluster/ConfigMap',
        message:
          "'controller' [test/Cluster/Cis] runs in custom-resource mode, which does not watch AS3 ConfigMaps; use a CisController with customResourceMode: false",
      });
    });

    it("the tenant is the controller's own partition", () => {
      const { f, tenant } = setup({ tenantName: 'k8s' });
      nginxFront(f, tenant);
      expect(synthProblems(f.stack)).toContainEqual({
        path: 'test/Cluster/ConfigMap',
        message: `'partition' "k8s" is managed by CIS itself; CIS rejects an AS3 ConfigMap using it as a tenant`,
      });
    });

    it('the tenant is <controller partition>_AS3', () => {
      const { f, tenant } = setup({ tenantName: 'k8s_AS3' });
      nginxFront(f, tenant);
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Cluster/ConfigMap',
          message: `'partition' "k8s_AS3" is managed by CIS itself; CIS rejects an AS3 ConfigMap using it as a tenant`,
        },
        {
          path: 'test/CmTenant',
          message: `'partitionName' "k8s_AS3" is a partition CIS manages for [test/CisPartition] (k8s); choose another name`,
        },
      ]);
    });

    it('two ConfigMaps declare one partition', () => {
      const { f, tenant, cis } = setup();
      nginxFront(f, tenant);
      new As3ConfigMap(f.cluster, 'Again', { controller: cis, partition: tenant, name: 'as3-again' });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/CmTenant',
          message:
            'is rendered by 2 As3ConfigMaps ([test/Cluster/ConfigMap], [test/Cluster/Again]); CIS instances would overwrite each other',
        },
      ]);
    });

    it('a partition owned by cis-as3-configmap has no ConfigMap', () => {
      const { f, tenant } = setup({ configMap: false });
      new As3RawObject(new As3Application(f.stack, 'App', { tenant }), 'Profile', {
        as3Class: 'HTTP_Profile',
      });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/CmTenant',
          message: 'has owner cis-as3-configmap but no As3ConfigMap renders it; CIS would never post it',
        },
      ]);
    });

    it('the partition declares no application', () => {
      const { f } = setup();
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/CmTenant',
          message:
            'declares no AS3 application; an empty tenant is what AS3 deletes, so add an As3Application or a BigipVirtualServer',
        },
      ]);
    });

    it('the controller runs in another cluster', () => {
      const { f, tenant, cis } = setup({ configMap: false });
      nginxFront(f, tenant);
      const other = new VksCluster(f.stack, 'Other', { clusterName: 'c2', vsphereNamespace: 'vsphere-ns' });
      new As3ConfigMap(other, 'ConfigMap', { controller: cis, partition: tenant, name: 'as3-template' });
      expect(synthProblems(f.stack)).toContainEqual({
        path: 'test/Other/ConfigMap',
        message:
          "'controller' [test/Cluster/Cis] runs in another cluster; CIS reads ConfigMaps of its own cluster",
      });
    });

    it('the partition is on another device than the controller', () => {
      const { f, cis } = setup({ configMap: false });
      const other = new BigipDevice(f.stack, 'Other', { url: 'https://192.0.2.2' });
      const tenant = new BigipPartition(f.stack, 'Far', {
        device: other,
        partitionName: 'far',
        owner: PartitionOwner.CIS_AS3_CONFIGMAP,
      });
      nginxFront(f, tenant);
      new As3ConfigMap(f.cluster, 'Cm', { controller: cis, partition: tenant, name: 'as3-far' });
      expect(synthProblems(f.stack)).toContainEqual({
        path: 'test/Cluster/Cm',
        message: `'partition' "far" is on device other, but the controller targets bigip`,
      });
    });

    it('the declaration would carry secret material', () => {
      const { f, tenant } = setup();
      new As3RawObject(new As3Application(f.stack, 'App', { tenant }), 'Cert', {
        as3Class: 'Certificate',
        properties: {
          certificate: { bigip: '/Common/default.crt' },
          passphrase: { ciphertext: 'c2VjcmV0', protected: 'eyJ' },
        },
      });
      // The partition renders the declaration the ConfigMap carries, so it reports it.
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/CmTenant',
          message:
            'the declaration carries secret material at /declaration/cm_tenant/App/Cert/passphrase; reference keys with BigipRef instead',
        },
      ]);
    });

    it('an allowed partition of the controller is used as the tenant', () => {
      const f = as3Fixture({ stackPartition: false });
      const k8s = new BigipPartition(f.stack, 'CisPartition', { device: f.device, partitionName: 'k8s' });
      const extra = new BigipPartition(f.stack, 'Extra', { device: f.device, partitionName: 'extra' });
      const cis = new CisController(f.cluster, 'Cis', {
        device: f.device,
        partition: k8s,
        allowedPartitions: [extra],
        customResourceMode: false,
        insecure: true,
      });
      const tenant = new BigipPartition(f.stack, 'Tenant', {
        device: f.device,
        partitionName: 'extra',
        owner: PartitionOwner.CIS_AS3_CONFIGMAP,
      });
      new As3ConfigMap(f.cluster, 'Cm', { controller: cis, partition: tenant, name: 'as3-extra' });
      expect(synthProblems(f.stack)).toContainEqual({
        path: 'test/Cluster/Cm',
        message: `'partition' "extra" is managed by CIS itself; CIS rejects an AS3 ConfigMap using it as a tenant`,
      });
    });
  });
});
