import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli';

/**
 * `npm run bench -- --quick` end to end at tiny sizes: every section of the report is produced and every
 * target gets a verdict. No timing is asserted (quick sizes are not the targets' sizes).
 */
const results = mkdtempSync(join(tmpdir(), 'vks-bigip-bench-quick-'));
afterAll(() => rmSync(results, { recursive: true, force: true }));

describe('npm run bench -- --quick', () => {
  it('writes a report with the peer table, the large-fleet table, the CLI runs and a verdict per target', () => {
    const run = spawnSync(
      process.execPath,
      ['bin/run-ts.js', 'bench/run.ts', '--quick', '--results', results],
      {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        // A hung bench is killed (this process started it) before the test's own timeout.
        timeout: 220_000,
        killSignal: 'SIGKILL',
      },
    );
    expect(run.error, 'the quick bench did not finish in time').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const report = readFileSync(join(results, 'quick.md'), 'utf8');
    expect(report).toBe(run.stdout);
    expect(report).toContain(
      '| apps | objects | files | output | ours | per app | ÷ cdk8s + yaml | ÷ cdk8s + our emitter | ÷ floor |',
    );
    for (const apps of [1, 10, 50])
      expect(report).toMatch(new RegExp(`^\\| ${apps} \\| \\d+ \\| \\d+ \\| .*× \\(.*–.*\\) \\|$`, 'm'));
    expect(report).toMatch(/^\| 200 \| 20 \| 4 \| \d+ \|/m);
    expect(report).toMatch(/CLI `vks-bigip synth` \(node --max-old-space-size=\d+\) of 200 apps .*: exit 0/);
    expect(report).toMatch(/CLI start-up: `vks-bigip synth` of 10 apps/);
    const verdicts = report.split('## Targets')[1]?.match(/^- (PASS|FAIL) .+$/gm) ?? [];
    expect(verdicts).toHaveLength(5);
  }, 240_000);
});
