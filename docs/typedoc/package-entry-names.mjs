// @ts-check
// Names each entry point's module after its import path (`vks-bigip`, `vks-bigip/testing`, …) instead of
// its file path (`index`, `testing`), so the API reference reads as consumers import the package.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      module.name =
        module.name === 'index' ? 'vks-bigip' : `vks-bigip/${module.name.replace(/\/index$/, '')}`;
    }
  });
}
