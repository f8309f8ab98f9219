import type { CisControllerProps } from './cis-controller';
import { CIS_HELM_ARGS, CIS_HELM_VALUES, type CisHelmMapping } from './cis-helm-values';

type Props = { -readonly [K in keyof CisControllerProps]?: unknown };

/** Values F5's chart writes that are what the construct always renders anyway: accepted, not converted. */
const FIXED_VALUES: Readonly<Record<string, unknown>> = {
  'podSecurityContext.allowPrivilegeEscalation': false,
  'podSecurityContext.capabilities': { drop: ['ALL'] },
  'podSecurityContext.seccompProfile': { type: 'RuntimeDefault' },
  'args.credentials-directory': '/tmp/creds',
};

/** Keys read together with another (the image is `<user>/<repo>`), or the constructs passed separately. */
const HANDLED_APART = new Set(['image.user', 'image.repo', 'args.bigip-url', 'args.bigip-partition']);

const BOOLEAN = /^(true|false)$/;

/**
 * Chart switches the construct has no prop for: accepted as the construct behaves (an empty string),
 * refused otherwise (the table's reason).
 */
const SWITCHES: Readonly<Record<string, (value: unknown) => string>> = {
  bigip_secret: (v) =>
    isObject(v) && (v.create === true || Boolean(v.username) || Boolean(v.password))
      ? refusalOf('bigip_secret')
      : '',
  rbac: (v) => (isObject(v) && (v.create === false || v.namespaced === true) ? refusalOf('rbac') : ''),
};

function refusalOf(key: string): string {
  const mapping = CIS_HELM_VALUES[key];
  return mapping && 'refused' in mapping ? mapping.refused : 'refused';
}

/**
 * The CisController props a Helm values file of F5's chart (`f5-bigip-ctlr`) asks for, so an existing
 * installation can move to the construct: `{ device, partition, ...cisPropsFromHelmValues(values) }`.
 * Every key goes through CIS_HELM_ARGS / CIS_HELM_VALUES: a refused key (OpenShift and tunnel flags,
 * credentials in values, a kubeconfig) fails with its reason, and so does a key no table knows. The
 * device and partition are constructs, passed separately (`bigip_url`, `bigip_partition` are skipped).
 * @throws Error listing every refused, unknown or malformed key at once.
 */
export function cisPropsFromHelmValues(
  values: Readonly<Record<string, unknown>>,
): Partial<CisControllerProps> {
  const props: Props = {};
  const problems: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (HANDLED_APART.has(path)) return;
    const refusal = SWITCHES[path]?.(value);
    if (refusal !== undefined) {
      if (refusal) problems.push(`${path} is refused: ${refusal}`);
      return;
    }
    if (path in FIXED_VALUES) {
      if (!sameValue(value, FIXED_VALUES[path])) {
        problems.push(
          `${path}: ${JSON.stringify(value)} is refused; the construct always renders ${JSON.stringify(FIXED_VALUES[path])}`,
        );
      }
      return;
    }
    const mapping = mappingOf(path);
    if (mapping) return apply(mapping, path, value);
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    problems.push(`${path}: no CisController prop or refusal knows this key`);
  };
  const apply = (mapping: CisHelmMapping, path: string, value: unknown) => {
    if ('refused' in mapping) return void problems.push(`${path} is refused: ${mapping.refused}`);
    if ('fixed' in mapping) return;
    if (value === null || value === undefined) return;
    const converted = convert(path, mapping.prop, value);
    if (converted instanceof Error) problems.push(converted.message);
    else props[mapping.prop as keyof CisControllerProps] = converted;
  };
  for (const [key, value] of Object.entries(values)) {
    if (key === 'args' && isObject(value)) {
      for (const [arg, v] of Object.entries(value)) walk(v, `args.${arg.replace(/_/g, '-')}`);
    } else walk(value, key);
  }
  const image = values.image;
  if (isObject(image) && (image.user !== undefined || image.repo !== undefined)) {
    props.imageRepository = `${String(image.user ?? 'f5networks')}/${String(image.repo ?? 'k8s-bigip-ctlr')}`;
  }
  if (problems.length > 0) {
    throw new Error(`Helm values the CisController cannot take:\n- ${problems.join('\n- ')}`);
  }
  return props as Partial<CisControllerProps>;
}

function mappingOf(path: string): CisHelmMapping | undefined {
  if (path.startsWith('args.')) return CIS_HELM_ARGS[path.slice('args.'.length)];
  return CIS_HELM_VALUES[path];
}

/** Helm values as the prop's type wants them: booleans and numbers may come as strings (`--set`). */
function convert(path: string, prop: string, value: unknown): unknown {
  if (prop === 'customResourceMode' && path === 'args.controller-mode') {
    if (value === 'customresource') return true;
    return new Error(
      `${path}: ${JSON.stringify(value)} is refused; only "customresource" (customResourceMode true) is supported on VKS`,
    );
  }
  if (prop === 'name' && isObject(value)) {
    if (value.create === false) {
      return new Error(`${path}.create: false is refused; the construct always renders its ServiceAccount`);
    }
    return value.name ?? undefined;
  }
  if (prop === 'watchNamespaces' || prop === 'imagePullSecrets') {
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }
  if (
    prop === 'device' ||
    prop === 'partition' ||
    prop === 'allowedPartitions' ||
    prop === 'deniedPartitions'
  ) {
    return new Error(`${path}: pass the BigipPartition/BigipDevice constructs as '${prop}' instead`);
  }
  if (typeof value === 'boolean' || typeof value === 'number' || isObject(value) || Array.isArray(value))
    return value;
  const text = String(value);
  if (BOOLEAN.test(text) && BOOLEAN_PROPS.has(prop)) return text === 'true';
  if (/^\d+$/.test(text) && NUMBER_PROPS.has(prop)) return Number(text);
  return prop === 'logLevel' ? text.toUpperCase() : text;
}

const BOOLEAN_PROPS = new Set([
  'insecure',
  'customResourceMode',
  'ipam',
  'staticRoutingMode',
  'createIngressClass',
  'isDefaultIngressController',
  'runAsNonRoot',
  'as3Validation',
  'logAs3Response',
  'filterTenants',
  'enableIpv6',
  'manageIngress',
  'manageConfigmaps',
  'manageIngressClassOnly',
  'useSecrets',
  'hubmode',
  'useNodeInternal',
  'shareNodes',
  'sharedStaticRoutes',
  'manageLoadBalancerClassOnly',
  'disableTeems',
]);

const NUMBER_PROPS = new Set([
  'verifyInterval',
  'nodePollInterval',
  'periodicSyncInterval',
  'as3PostDelay',
  'defaultRouteDomain',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
