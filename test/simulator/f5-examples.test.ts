/**
 * Every F5 example declaration (`../shared/as3/examples/`, AS3 3.56.0) posted to the simulator with the
 * official schema, over raw HTTP: what AS3 accepts is accepted, the two AS3 refuses are refused with AS3's
 * words, and `GET ?show=full` holds exactly the defaults AS3's own validator fills (ajv 6.12.6 with
 * AS3's options, built here independently of the simulator) into the stored declaration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv6 = require('ajv6');
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { AS3_SCHEMA_FILE, call, DECLARE, HAVE_AS3_SCHEMA, NO_SCHEMA_REASON, SHARED_DIR } from './helpers';

type Json = Record<string, unknown>;

const EXAMPLES_DIR = path.join(SHARED_DIR, 'as3', 'examples');
const HAVE_EXAMPLES = HAVE_AS3_SCHEMA && fs.existsSync(EXAMPLES_DIR);
if (!HAVE_EXAMPLES) console.warn(`[f5-examples] SKIPPED: ${NO_SCHEMA_REASON} or ${EXAMPLES_DIR} is absent`);

/**
 * The example declarations (`declarations/`, `userguide/`; `results/` holds AS3's answers) whose top
 * class is AS3 or ADC, by path relative to the examples folder.
 */
function examples(): Array<{ name: string; body: Json }> {
  const found: Array<{ name: string; body: Json }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'results') walk(full);
      } else if (entry.name.endsWith('.json')) {
        let body: unknown;
        try {
          body = JSON.parse(fs.readFileSync(full, 'utf8'));
        } catch {
          continue;
        }
        const top = (body as Json | null)?.class;
        if (top === 'AS3' || top === 'ADC')
          found.push({ name: path.relative(EXAMPLES_DIR, full), body: body as Json });
      }
    }
  };
  walk(EXAMPLES_DIR);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** AS3's validator as AS3 builds it (schemaValidator.js getDefaultOptions), with no keyword of ours. */
function as3DefaultsFiller(): (adc: Json) => Json {
  const schema = JSON.parse(fs.readFileSync(AS3_SCHEMA_FILE, 'utf8')) as Json;
  const ajv = new Ajv6({
    allErrors: false,
    verbose: true,
    jsonPointers: true,
    useDefaults: true,
    validateSchema: false,
  });
  for (const format of ['f5ip', 'f5ipv4', 'f5ipv6', 'f5pointer', 'f5bigip'])
    ajv.addFormat(format, () => true);
  ajv.addKeyword('f5PostProcess', { validate: () => true, errors: false });
  ajv.addSchema(schema);
  const validate = ajv.getSchema(`${String(schema.$id)}#/definitions/ADC`);
  if (!validate) throw new Error('cannot compile #/definitions/ADC');
  return (adc) => {
    const copy = structuredClone(adc);
    validate(copy);
    return copy;
  };
}

const KNOWN_REFUSALS: Record<string, RegExp> = {
  // A typo AS3 rejects by its property vocabulary check.
  'declarations/example-mcp-irule.json': /^Invalid data property: proflieSSE$/,
  // A BIG-IQ request: `target` in a PATCH is for BIG-IQ only.
  'userguide/example-bigiq-post-patchbody.json':
    /^invalid patch - declaration target can only be used when running on BIG-IQ$/,
};

describe.skipIf(!HAVE_EXAMPLES)('F5 example declarations against the simulator', () => {
  let sim: RunningSimulator;
  let fill: (adc: Json) => Json;
  const all = HAVE_EXAMPLES ? examples() : [];

  beforeAll(async () => {
    sim = await startSimulator({ as3SchemaFile: AS3_SCHEMA_FILE });
    fill = as3DefaultsFiller();
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
  });

  it('accepts every example AS3 accepts, refuses the typo and the BIG-IQ PATCH with AS3 words, and show=full equals AS3 defaults', async () => {
    const accepted: string[] = [];
    const refused: Array<{ name: string; status: number; message: string }> = [];
    const fullMismatch: string[] = [];
    for (const { name, body } of all) {
      // A clean device per example: no example depends on another's tenants.
      const remove = await call(sim, 'DELETE', DECLARE);
      expect(remove.status).toBeLessThan(300);
      const answer = await call(sim, 'POST', DECLARE, body);
      const message = String(answer.body?.message ?? answer.body?.results?.[0]?.message ?? '');
      const errors = (answer.body?.errors as string[] | undefined) ?? [];
      if (answer.status >= 400) {
        refused.push({ name, status: answer.status, message: [message, ...errors].join(' ') });
        continue;
      }
      accepted.push(name);
      const base = await call(sim, 'GET', DECLARE);
      if (base.status !== 200) continue; // retrieve/remove examples leave nothing stored
      const full = await call(sim, 'GET', `${DECLARE}?show=full`);
      expect(full.status).toBe(200);
      if (JSON.stringify(full.body) !== JSON.stringify(fill(base.body as Json))) fullMismatch.push(name);
    }
    const expectedRefusals = refused.filter((r) => KNOWN_REFUSALS[r.name]?.test(r.message));
    const unexpected = refused.filter((r) => !expectedRefusals.includes(r));
    console.info(
      `[f5-examples] ${all.length} AS3/ADC examples: ${accepted.length} accepted, ${refused.length} refused (${refused.map((r) => `${r.name}: ${r.status} ${r.message}`).join('; ')})`,
    );
    expect(unexpected).toEqual([]);
    expect(expectedRefusals.map((r) => r.name)).toEqual(Object.keys(KNOWN_REFUSALS));
    expect(fullMismatch).toEqual([]);
    expect(all.length).toBe(292);
    expect(accepted.length).toBe(290);
  }, 300_000);
});
