import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigipClient } from '../../lib/bigip';
import type { DeclarationRecord } from '../../lib/core/records';
import { compareDevice } from '../../lib/review/live';
import { formatLiveText } from '../../lib/review/live-format';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';

/** `diff --live` compares the device's `GET /info` with the AS3 release the declarations target. */

let sim: RunningSimulator;
let client: BigipClient;

beforeAll(async () => {
  sim = await startSimulator({});
  client = new BigipClient({ url: sim.url, username: 'admin', password: 'admin', deviceName: 'bigip' });
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

function record(schemaVersion: string): DeclarationRecord {
  return {
    name: 'bigip/apps',
    device: 'bigip',
    url: sim.url,
    tenant: 'apps',
    file: 'bigip/bigip/apps.as3.json',
    id: 'urn:x',
    label: 'vks-bigip:s',
    owner: 'stack',
    declaration: {
      class: 'AS3',
      declaration: { class: 'ADC', schemaVersion, apps: { class: 'Tenant', label: 'vks-bigip:s' } },
    },
  };
}

describe('diff --live: version check', () => {
  it('warns when the device runs another AS3 release than the declarations target, and not otherwise', async () => {
    const input = { device: 'bigip', url: sim.url, client, known: [] };
    const older = await compareDevice({ ...input, declarations: [{ stack: 's', record: record('3.50.0') }] });
    expect(older.versionWarning).toMatch(
      /^device 'bigip' runs AS3 3\.56\.0, but the stack declares AS3 3\.50\.0/,
    );
    expect(formatLiveText({ devices: [older], changed: true })).toContain(
      `  warning: ${older.versionWarning}`,
    );
    const same = await compareDevice({ ...input, declarations: [{ stack: 's', record: record('3.56.0') }] });
    expect(same.versionWarning).toBeUndefined();
  });
});
