/// <reference lib="webworker" />
/**
 * Web Worker hosting the document's formula engine (`@zhospar/formulas`, HyperFormula), so
 * recalculation never blocks typing. Protocol: `EngineRequest` in, `EngineResponse` out.
 */
import type { EngineRequest } from '@zhospar/formulas';
import { handleEngineMessage, initialEngineState } from '@zhospar/formulas';

declare const self: DedicatedWorkerGlobalScope;

let state = initialEngineState();
self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const result = handleEngineMessage(state, event.data);
  state = result.state;
  self.postMessage(result.response);
};
