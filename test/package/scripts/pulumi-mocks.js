'use strict';
// Runs the consumer's Pulumi program (its index.js) under pulumi.runtime.setMocks, in the consumer's
// folder, with everything resolved from its node_modules. Prints one JSON line: the resources the mocks
// saw (type, name), the stack outputs, and the serialized `__provider` and other inputs of each dynamic
// resource (As3Tenant). Usage: node pulumi-mocks.js <stack> <config.json>
const fs = require('node:fs');
const pulumi = require('@pulumi/pulumi');
const settings = require('@pulumi/pulumi/runtime/settings');

const [stack, configFile] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
const project = 'vks-bigip';
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason)));

function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, JSON.stringify(v)])),
    Object.keys(config).map((k) => `${project}:${k}`),
  );
  const resources = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}_id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    project,
    stack,
    false,
  );
  const outputs = await within(
    pulumi.runtime.runInPulumiStack(async () => require(`${process.cwd()}/index.js`)),
    30_000,
    'the program',
  );
  await within(settings.waitForRPCs(), 30_000, 'the registrations');
  const providers = resources
    .filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/'))
    .map(({ name, inputs: { __provider: provider, ...inputs } }) => ({ name, provider, inputs }));
  const summary = {
    resources: resources.map((r) => ({ type: r.type, name: r.name })),
    outputs,
    providers,
    unhandled,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n${unhandled.join('\n')}\n`);
  process.exit(1);
});
