import { JsonPatch } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ApplicationTemplate, As3Application, type As3ApplicationProps } from '../../lib/as3/application';
import { As3IRule } from '../../lib/as3/irule';
import { As3Pool } from '../../lib/as3/pool';
import { As3ServiceHttp, As3ServiceTcp, As3ServiceUdp } from '../../lib/as3/service';
import { Stack } from '../../lib/core/stack';
import { synthesizeStack } from '../../lib/core/synth';
import { expectValidationError, synthProblems } from '../helpers/expect-errors';
import { FakeTenant, application, model, rendered } from './model';

describe('As3Application', () => {
  it('defaults: name from the id, template generic, objects in declaration order', () => {
    const m = model();
    const app = m.application;
    expect(app.applicationName).toBe('A');
    expect(app.template).toBe(ApplicationTemplate.GENERIC);
    expect(app.tenant).toBe(m.tenant);
    const second = new As3IRule(app, 'Zeta', { name: 'zeta', iRule: 'when HTTP_REQUEST {}' });
    const first = new As3IRule(app, 'Alpha', { name: 'alpha', iRule: 'when CLIENT_ACCEPTED {}' });
    expect(app.objects).toEqual([second, first]);
    expect(rendered(app)).toEqual({
      class: 'Application',
      template: 'generic',
      alpha: { class: 'iRule', iRule: 'when CLIENT_ACCEPTED {}' },
      zeta: { class: 'iRule', iRule: 'when HTTP_REQUEST {}' },
    });
    expect(Object.keys(rendered(app))).toEqual(['class', 'template', 'alpha', 'zeta']);
  });

  it('makes the application named Shared a shared one', () => {
    const m = model();
    const shared = application(m, 'SharedApp', { name: 'Shared' });
    expect(shared.applicationName).toBe('Shared');
    expect(shared.template).toBe(ApplicationTemplate.SHARED);
    expect(rendered(shared)).toEqual({ class: 'Application', template: 'shared' });
  });

  it.each([
    [ApplicationTemplate.HTTP, As3ServiceHttp],
    [ApplicationTemplate.TCP, As3ServiceTcp],
    [ApplicationTemplate.UDP, As3ServiceUdp],
  ] as const)('template %s accepts a serviceMain of its class', (template, Service) => {
    const m = model();
    const app = application(m, 'App', { template });
    new Service(app, 'Service', { name: 'serviceMain', virtualAddresses: ['192.0.2.1'], virtualPort: 8080 });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
    expect(rendered(app).template).toBe(template);
  });

  it('applies addJsonPatch operations to its rendered JSON (escape hatch)', () => {
    const m = model();
    new As3Pool(m.application, 'pool');
    m.application.addJsonPatch(
      JsonPatch.add('/pool/allowNATEnabled', false),
      JsonPatch.add('/enable', true),
      JsonPatch.replace('/template', 'generic'),
    );
    expect(rendered(m.application)).toEqual({
      class: 'Application',
      template: 'generic',
      enable: true,
      pool: { class: 'Pool', allowNATEnabled: false, loadBalancingMode: 'round-robin', members: [] },
    });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  describe('fails when', () => {
    it('tenant is missing', () => {
      const m = model();
      expectValidationError(
        () => new As3Application(m.stack, 'X', {} as As3ApplicationProps),
        'test/X',
        "'tenant' is required: the BigipPartition to declare the application in",
      );
    });

    it('template is not an AS3 template', () => {
      const m = model();
      expectValidationError(
        () => application(m, 'X', { template: 'sctp' as ApplicationTemplate }),
        'test/X',
        `'template' must be one of "generic", "shared", "http", "https", "tcp", "udp", "l4", got "sctp"`,
      );
    });

    it.each([
      ['1app', `'name' must be a letter, then letters, digits, "_", "." or "-", got "1app"`],
      ['my app', `'name' must be a letter, then letters, digits, "_", "." or "-", got "my app"`],
      ['a'.repeat(191), "'name' must be at most 190 characters, got 191"],
      ['label', `'name' must not be "label", a Tenant property`],
      ['defaultRouteDomain', `'name' must not be "defaultRouteDomain", a Tenant property`],
    ])('the name is %j', (name, message) => {
      const m = model();
      application(m, 'X', { name });
      expect(synthProblems(m.stack)).toEqual([{ path: 'test/X', message }]);
    });

    it('the Shared application has another template', () => {
      const m = model();
      application(m, 'X', { name: 'Shared', template: ApplicationTemplate.HTTP });
      expect(synthProblems(m.stack)).toContainEqual({
        path: 'test/X',
        message: 'the Shared application must use template "shared", got "http"',
      });
    });

    it('two objects share a name', () => {
      const m = model();
      new As3IRule(m.application, 'First', { name: 'rule', iRule: 'a' });
      new As3IRule(m.application, 'Second', { name: 'rule', iRule: 'b' });
      expect(synthProblems(m.stack)).toEqual([
        { path: 'test/A', message: 'declares two objects named "rule": [test/A/First] and [test/A/Second]' },
      ]);
    });

    it('a service template has no serviceMain', () => {
      const m = model();
      const app = application(m, 'X', { template: ApplicationTemplate.HTTPS });
      new As3Pool(app, 'pool');
      expect(synthProblems(m.stack)).toEqual([
        {
          path: 'test/X',
          message: 'template "https" needs an object named "serviceMain" of class Service_HTTPS',
        },
      ]);
    });

    it('serviceMain has the wrong class for the template', () => {
      const m = model();
      const app = application(m, 'X', { template: ApplicationTemplate.TCP });
      new As3ServiceUdp(app, 'Service', {
        name: 'serviceMain',
        virtualAddresses: ['192.0.2.1'],
        virtualPort: 53,
      });
      expect(synthProblems(m.stack)).toEqual([
        {
          path: 'test/X',
          message: 'template "tcp" needs "serviceMain" to be a Service_TCP, got Service_UDP',
        },
      ]);
    });

    it('the tenant Common holds an application other than Shared', () => {
      const m = model();
      const common = new FakeTenant(m.stack, 'Common', 'Common', m.device);
      new As3Application(m.stack, 'X', { tenant: common, name: 'apps' });
      new As3Application(m.stack, 'Y', { tenant: common, name: 'Shared' });
      expect(synthProblems(m.stack)).toEqual([
        { path: 'test/X', message: 'tenant "Common" may hold only the "Shared" application, got "apps"' },
      ]);
    });

    it('the tenant belongs to another stack, which would never render the application', () => {
      const m = model();
      const other = new Stack(m.app, 'other');
      new As3IRule(new As3Application(other, 'X', { tenant: m.tenant }), 'rule', { iRule: 'x' });
      expect(synthProblems(other)).toEqual([
        {
          path: 'other/X',
          message: `'tenant' "T" is declared in stack "test", which renders it; declare the application in that stack`,
        },
      ]);
    });

    it('an addJsonPatch operation does not apply', () => {
      const m = model();
      m.application.addJsonPatch(JsonPatch.replace('/pool/members/0', {}));
      expect(synthProblems(m.stack)).toEqual([
        {
          path: 'test/A',
          message: expect.stringMatching(
            /^'addJsonPatch' operations do not apply to the rendered application: .+/,
          ) as unknown as string,
        },
      ]);
    });
  });
});

describe('As3Object (rules every AS3 class shares)', () => {
  it('takes its name from the id, label and remark from props', () => {
    const m = model();
    const rule = new As3IRule(m.application, 'rule', {
      iRule: 'x',
      label: 'Insert XFF: v2',
      remark: 'owner #team & co',
    });
    expect(rule.name).toBe('rule');
    expect(rule.path).toBe('/T/A/rule');
    expect(rule.application).toBe(m.application);
    expect(rendered(rule)).toEqual({
      class: 'iRule',
      label: 'Insert XFF: v2',
      remark: 'owner #team & co',
      iRule: 'x',
    });
    expect(Object.keys(rendered(rule))).toEqual(['class', 'label', 'remark', 'iRule']);
  });

  describe('fails when', () => {
    it.each([
      'a'.repeat(65),
      'tab\there',
      'quote"',
      'hash#',
      'amp&',
      'star*',
      'lt<',
      'gt>',
      'q?',
      '[x]',
      'back\\slash',
      'tick`',
      'del\x7f',
    ])('label is %j', (label) => {
      const m = model();
      expectValidationError(
        () => new As3IRule(m.application, 'rule', { iRule: 'x', label }),
        'test/A/rule',
        `'label' must be at most 64 characters without control characters or "#&*<>?[\\]\`, got ${JSON.stringify(label)}`,
      );
    });

    it.each(['r'.repeat(65), 'new\nline', 'quote"', 'back\\slash', 'del\x7f'])('remark is %j', (remark) => {
      const m = model();
      expectValidationError(
        () => new As3IRule(m.application, 'rule', { iRule: 'x', remark }),
        'test/A/rule',
        `'remark' must be at most 64 characters without control characters, '"' or '\\', got ${JSON.stringify(remark)}`,
      );
    });

    it.each([
      [
        'web-',
        `'name' must be a letter, then letters, digits, "_", "." or "-", not ending in "-", got "web-"`,
      ],
      [
        '9lives',
        `'name' must be a letter, then letters, digits, "_", "." or "-", not ending in "-", got "9lives"`,
      ],
      ['o'.repeat(191), "'name' must be at most 190 characters, got 191"],
      ['template', `'name' must not be "template", an Application property`],
      ['class', `'name' must not be "class", an Application property`],
    ])('the object name is %j', (name, message) => {
      const m = model();
      new As3IRule(m.application, 'rule', { name, iRule: 'x' });
      // A 191-character name also makes /T/A/<name> longer than 195: both are reported.
      const problems = synthProblems(m.stack);
      expect(problems[0]).toEqual({ path: 'test/A/rule', message });
      expect(problems).toHaveLength(name.length > 190 ? 2 : 1);
    });

    it('the /tenant/application/object path exceeds 195 characters', () => {
      const m = model();
      const app = application(m, 'Long', { name: 'a'.repeat(100) });
      new As3IRule(app, 'ok', { name: 'o'.repeat(90), iRule: 'x' }); // 1+1+1+100+1+90 = 194
      new As3IRule(app, 'long', { name: 'o'.repeat(92), iRule: 'x' }); // 196
      const path = `/T/${'a'.repeat(100)}/${'o'.repeat(92)}`;
      expect(synthProblems(m.stack)).toEqual([
        { path: 'test/Long/long', message: `AS3 path ${path} is 196 characters; AS3 allows at most 195` },
      ]);
    });
  });
});
