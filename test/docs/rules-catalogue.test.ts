import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rule, RuleSeverity, renderRuleCatalogue } from '../../lib/index';

const root = join(__dirname, '..', '..');

function testSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) testSources(path, out);
    else if (entry.endsWith('.test.ts')) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

describe('rule catalogue', () => {
  it('docs/rules.md is generated from the rules in the code (run `npm run docs:rules`)', () => {
    expect(readFileSync(join(root, 'docs', 'rules.md'), 'utf8')).toBe(renderRuleCatalogue());
  });

  it('every rule has a summary, a reason and a source', () => {
    for (const rule of Rule.all()) {
      expect(rule.summary, rule.id).not.toBe('');
      expect(rule.why, rule.id).not.toBe('');
      expect(rule.source, rule.id).not.toBe('');
      expect(Object.values(RuleSeverity)).toContain(rule.severity);
    }
  });

  it('every rule is exercised by a test that names its id', () => {
    const tests = testSources(join(root, 'test')).join('\n');
    const untested = Rule.all()
      .map((r) => r.id)
      .filter((id) => !tests.includes(`'${id}'`) && !tests.includes(`[${id}]`));
    expect(untested).toEqual([]);
  });

  it('refuses a malformed or repeated id', () => {
    expect(() =>
      Rule.define({ id: 'Bad Id', severity: RuleSeverity.ERROR, summary: 's', why: 'w', source: 'x' }),
    ).toThrow(/area:rule-name/);
    const id = 'test:defined-twice';
    Rule.define({ id, severity: RuleSeverity.WARNING, summary: 's', why: 'w', source: 'test' });
    expect(() =>
      Rule.define({ id, severity: RuleSeverity.WARNING, summary: 's', why: 'w', source: 'test' }),
    ).toThrow(/defined twice/);
  });
});
