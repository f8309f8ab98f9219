'use strict';
// The peer of a small CLI synth: a precompiled (plain JavaScript) cdk8s program of the same objects.
// `node bench/cdk8s-program.js <objects.json> <outdir>` reads the final objects ({ manifests, json })
// and writes them as a cdk8s app does: app.synth() for the Kubernetes objects, JSON files beside them.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { ApiObject, App, Chart } = require('cdk8s');
// A hand-written program of Deployments and Services imports its Kubernetes API classes too.
require('cdk8s-plus-34');

const [input, outdir] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(input, 'utf8'));
const app = new App({ outdir });
const chart = new Chart(app, 'fleet');
objects.manifests.forEach((manifest, n) => new ApiObject(chart, `object${n}`, manifest));
app.synth();
mkdirSync(outdir, { recursive: true });
objects.json.forEach((document, n) =>
  writeFileSync(join(outdir, `document-${n}.json`), `${JSON.stringify(document, null, 2)}\n`),
);
