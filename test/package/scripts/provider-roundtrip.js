'use strict';
// Runs the As3Tenant provider as the Pulumi provider host would, in the consumer's folder: the
// `__provider` text the consumer's program serialized (under mocks) is rehydrated and its methods run
// against the AS3 simulator of the installed package (`vks-bigip/simulator`), on 127.0.0.1 with a port
// the OS picks. Prints one JSON line of outcomes and of the modules the provider loaded.
// Usage: node provider-roundtrip.js <tenant.json>   ({ provider, inputs } of one As3Tenant)
const fs = require('node:fs');
const { isDeepStrictEqual } = require('node:util');
const requireFromString = require('require-from-string');
const { startSimulator } = require('vks-bigip/simulator');

const USERNAME = 'consumer-admin';
const PASSWORD = 'Consumer-pw-5e1d';

async function main() {
  const { provider: text, inputs } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  const outcome = {};
  try {
    const provider = requireFromString(text).handler();
    const config = {
      'vks-bigip:devices': JSON.stringify({
        [inputs.device]: { username: USERNAME, password: PASSWORD, url: sim.url },
      }),
    };
    await provider.configure({ config: { get: (key) => config[key] } });
    outcome.checkFailures = (await provider.check({}, inputs)).failures;
    const created = await provider.create(inputs);
    outcome.id = created.id;
    outcome.result = created.outs.result;
    outcome.storedAfterCreate = Object.keys(sim.storedDeclaration()?.[inputs.tenant] ?? {}).sort();
    sim.clearRequestLog();
    outcome.noOpDiff = await provider.diff(created.id, created.outs, inputs);
    outcome.requestsOfNoOpDiff = sim.requestLog.length;
    outcome.readInputsEqual = isDeepStrictEqual(
      (await provider.read(created.id, created.outs)).inputs,
      inputs,
    );
    await provider.delete(created.id, created.outs);
    outcome.storedAfterDelete = sim.storedDeclaration()?.[inputs.tenant] ?? null;
  } finally {
    outcome.loaded = Object.keys(require.cache).filter((file) => /tenant-logic|\.ts$/.test(file));
    const logic = outcome.loaded.find((file) => file.endsWith('tenant-logic.js'));
    if (logic) await require(logic).closeClients();
    await sim.close();
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
