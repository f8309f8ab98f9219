/**
 * The structural checks the simulator makes when no official AS3 schema file is configured: the request
 * wrapper, the ADC envelope, tenant/application/object classes and the naming rules of as3-facts §2.4.
 * It is deliberately a subset (it knows nothing of Service_HTTP's properties, for example); configure the
 * official schema for full validation. Errors go through the same formatter, so the wording matches AS3's.
 */

const NAME = '^[A-Za-z][0-9A-Za-z_.-]*$';
const OBJECT_NAME = '^[A-Za-z]([0-9A-Za-z_.-]{0,188}[0-9A-Za-z_.])?$';
const LABEL = { type: 'string', maxLength: 64 };

export const BUILTIN_AS3_SUBSET_SCHEMA = {
  $id: 'urn:vks-bigip:simulator:as3-structural-subset',
  $schema: 'http://json-schema.org/draft-07/schema#',
  definitions: {
    AS3: {
      type: 'object',
      required: ['class'],
      properties: {
        class: { type: 'string', const: 'AS3' },
        action: { type: 'string', enum: ['deploy', 'dry-run', 'patch', 'redeploy', 'retrieve', 'remove'] },
        persist: { type: 'boolean' },
        syncToGroup: { type: 'string' },
        historyLimit: { type: 'integer', minimum: 2, maximum: 15 },
        redeployAge: { type: 'integer', minimum: 0, maximum: 15 },
        redeployUpdateMode: { type: 'string', enum: ['original', 'complete', 'selective'] },
        retrieveAge: { type: 'integer', minimum: 0, maximum: 15 },
        logLevel: {
          type: 'string',
          enum: ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'],
        },
        trace: { type: 'boolean' },
        declaration: { type: 'object' },
        patchBody: { type: 'array' },
      },
      dependencies: {
        declaration: { not: { required: ['patchBody'] } },
        patchBody: { not: { required: ['declaration'] } },
      },
    },
    ADC: {
      type: 'object',
      required: ['class', 'schemaVersion'],
      properties: {
        class: { type: 'string', const: 'ADC' },
        $schema: { type: 'string' },
        schemaVersion: { type: 'string', pattern: '^3[.]([0-9]|[1234][0-9]|5[0-6])($|[.][0-9]+$)' },
        id: { type: 'string', pattern: "^[^\\x00-\\x20\\x22'<>\\x5c^`|\\x7f]*$", maxLength: 255 },
        updateMode: { type: 'string', enum: ['complete', 'selective'] },
        label: LABEL,
        remark: LABEL,
        constants: { type: 'object' },
        controls: { $ref: '#/definitions/Controls' },
        target: { type: 'object' },
        Common: { $ref: '#/definitions/Tenant' },
      },
      propertyNames: { oneOf: [{ pattern: NAME, maxLength: 190 }, { enum: ['$schema'] }] },
      additionalProperties: { $ref: '#/definitions/Tenant' },
    },
    Controls: {
      type: 'object',
      properties: {
        class: { type: 'string', const: 'Controls' },
        dryRun: { type: 'boolean' },
        trace: { type: 'boolean' },
        traceResponse: { type: 'boolean' },
        logLevel: { type: 'string' },
        userAgent: { type: 'string' },
        archiveId: { type: 'string' },
        archiveTimestamp: { type: 'string' },
        fortune: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    Tenant: {
      type: 'object',
      required: ['class'],
      properties: {
        class: { type: 'string', const: 'Tenant' },
        label: LABEL,
        remark: LABEL,
        enable: { type: 'boolean' },
        defaultRouteDomain: { type: 'integer', minimum: 0, maximum: 65535 },
        useCommonRouteDomainTenant: { type: 'boolean' },
        optimisticLockKey: { type: 'string', maxLength: 128 },
        constants: { type: 'object' },
        controls: { $ref: '#/definitions/Controls' },
        verifiers: { type: 'object' },
      },
      propertyNames: { pattern: NAME, maxLength: 190 },
      additionalProperties: { $ref: '#/definitions/Application' },
    },
    Application: {
      type: 'object',
      required: ['class'],
      properties: {
        class: { type: 'string', const: 'Application' },
        template: { type: 'string' },
        label: LABEL,
        remark: LABEL,
        enable: { type: 'boolean' },
        constants: { type: 'object' },
        schemaOverlay: { type: 'string' },
      },
      propertyNames: { pattern: OBJECT_NAME },
      additionalProperties: {
        type: 'object',
        required: ['class'],
        properties: { class: { type: 'string' } },
      },
    },
  },
} as const;
