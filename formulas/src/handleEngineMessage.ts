/**
 * Worker glue as pure message handlers: the client hosts the engine in a Web Worker with
 *
 *   let state = initialEngineState();
 *   self.onmessage = (e) => { const r = handleEngineMessage(state, e.data); state = r.state; self.postMessage(r.response); };
 *
 * and the server may call the same handler in process. Every request carries a `seq` that the
 * response echoes. Messages and responses are plain JSON (structured-clone safe).
 */
import type { PeriodParameters } from '@zhospar/sheets';
import { createDocumentEngine } from './createDocumentEngine.ts';
import type { DocumentEngine } from './createDocumentEngine.ts';
import type {
  ChangedCell,
  ControlOptions,
  ControlResult,
  EngineSnapshot,
  ExternalValues,
  InputChange,
  SheetInputs,
  SheetValues,
} from './types.ts';

/** Requests to the engine. */
export type EngineRequest =
  | { type: 'init'; seq: number; sheets: SheetInputs[]; parameters: PeriodParameters; externals?: ExternalValues; controls?: ControlOptions }
  | { type: 'setInputs'; seq: number; changes: InputChange[] }
  | { type: 'insertRow'; seq: number; sheetId: string; rowId: string; index: number }
  | { type: 'removeRow'; seq: number; sheetId: string; rowId: string }
  | { type: 'addSheet'; seq: number; sheet: SheetInputs }
  | { type: 'setParameters'; seq: number; parameters: PeriodParameters }
  | { type: 'setExternals'; seq: number; externals: ExternalValues }
  | { type: 'getSheetValues'; seq: number; sheetId: string }
  | { type: 'evaluateControls'; seq: number }
  | { type: 'snapshot'; seq: number }
  | { type: 'dispose'; seq: number };

/** Responses of the engine. */
export type EngineResponse =
  | { type: 'ready'; seq: number; sheets: SheetValues[]; controls: ControlResult[] }
  | { type: 'changed'; seq: number; cells: ChangedCell[]; controls: ControlResult[] }
  | { type: 'sheetValues'; seq: number; values: SheetValues }
  | { type: 'controls'; seq: number; controls: ControlResult[] }
  | { type: 'snapshot'; seq: number; snapshot: EngineSnapshot }
  | { type: 'disposed'; seq: number }
  | { type: 'error'; seq: number; message: string };

/** State held by the host between messages. */
export interface EngineState {
  engine: DocumentEngine | undefined;
}

/** A state without an engine (before `init`). */
export function initialEngineState(): EngineState {
  return { engine: undefined };
}

/**
 * Handles one request. Changes answer with the changed calculated cells and the current controls,
 * so the UI updates totals and control marks in one round trip.
 */
export function handleEngineMessage(state: EngineState, msg: EngineRequest): { state: EngineState; response: EngineResponse } {
  const seq = msg.seq;
  try {
    if (msg.type === 'init') {
      state.engine?.destroy();
      const engine = createDocumentEngine({
        sheets: msg.sheets,
        parameters: msg.parameters,
        ...(msg.externals ? { externals: msg.externals } : {}),
        ...(msg.controls ? { controls: msg.controls } : {}),
      });
      const sheets = engine.listSheets().map((s) => engine.getSheetValues(s.sheetId));
      return { state: { engine }, response: { type: 'ready', seq, sheets, controls: engine.evaluateControls() } };
    }
    const engine = state.engine;
    if (!engine) return { state, response: { type: 'error', seq, message: 'engine not initialised: send "init" first' } };
    const changed = (cells: ChangedCell[]): { state: EngineState; response: EngineResponse } => ({
      state,
      response: { type: 'changed', seq, cells, controls: engine.evaluateControls() },
    });
    switch (msg.type) {
      case 'setInputs':
        return changed(engine.setInputs(msg.changes));
      case 'insertRow':
        return changed(engine.insertRow(msg.sheetId, msg.rowId, msg.index));
      case 'removeRow':
        return changed(engine.removeRow(msg.sheetId, msg.rowId));
      case 'addSheet':
        return changed(engine.addSheet(msg.sheet));
      case 'setParameters':
        return changed(engine.setParameters(msg.parameters));
      case 'setExternals':
        return changed(engine.setExternals(msg.externals));
      case 'getSheetValues':
        return { state, response: { type: 'sheetValues', seq, values: engine.getSheetValues(msg.sheetId) } };
      case 'evaluateControls':
        return { state, response: { type: 'controls', seq, controls: engine.evaluateControls() } };
      case 'snapshot':
        return { state, response: { type: 'snapshot', seq, snapshot: engine.snapshot() } };
      case 'dispose':
        engine.destroy();
        return { state: { engine: undefined }, response: { type: 'disposed', seq } };
    }
  } catch (e) {
    return { state, response: { type: 'error', seq, message: e instanceof Error ? e.message : String(e) } };
  }
}
