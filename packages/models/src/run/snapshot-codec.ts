// A TrainingSnapshot as a checkpoint's training state (JSON + named float arrays) and back, exactly.
// Leaves out the model weights (they go in the checkpoint's weights file) and the files themselves.

import type { CheckpointTrainingState, NamedFloat32Array } from '../checkpoint/checkpoint-format.js';
import { CheckpointError } from '../checkpoint/errors.js';
import { isPlainObject, type JsonObject, type JsonValue } from '../checkpoint/json-value.js';
import type { NamedArray } from '../training/optimizers.js';
import { TRAINING_SNAPSHOT_VERSION, type TrainingSnapshot } from '../training/training-snapshot.js';

/** Prefix of the optimizer slot arrays in the training-state file (`optimizer/m/0`, …). */
const OPTIMIZER_PREFIX = 'optimizer/';
/** Prefix of the carried recurrent state arrays in the training-state file (`carried/layer0/h`, …). */
const CARRIED_PREFIX = 'carried/';

interface ArrayRef extends JsonObject {
  name: string;
  shape: number[];
}

function reference(array: NamedArray): ArrayRef {
  return { name: array.name, shape: [...array.shape] };
}

/**
 * Splits a snapshot into the checkpoint's training state: every JSON field as it is (weights left out, the
 * optimizer slots and carried state replaced by `{ name, shape }` references) and the slot and state arrays as
 * named float arrays (`optimizer/<slot>`, `carried/<layer>/<h|c>`). The weights are `snapshot.weights`.
 */
export function snapshotToTrainingState(snapshot: TrainingSnapshot): CheckpointTrainingState {
  const arrays: NamedFloat32Array[] = [];
  for (const slot of snapshot.optimizer.slots) {
    arrays.push({ name: OPTIMIZER_PREFIX + slot.name, shape: [...slot.shape], values: slot.values });
  }
  for (const layer of snapshot.carriedState ?? []) {
    for (const part of layer) {
      arrays.push({ name: CARRIED_PREFIX + part.name, shape: [...part.shape], values: part.values });
    }
  }
  const { weights: _weights, optimizer, carriedState, ...rest } = snapshot;
  const json = {
    ...rest,
    optimizer: {
      name: optimizer.name,
      iterations: optimizer.iterations,
      slots: optimizer.slots.map(reference),
    },
    carriedState: carriedState === null ? null : carriedState.map((layer) => layer.map(reference)),
  } as unknown as JsonValue;
  return { json, arrays };
}

/**
 * Rebuilds the snapshot `snapshotToTrainingState` split, with `weights` (the checkpoint's weights). Checks the
 * structure it relies on; throws `CheckpointError` (code `invalid`, naming `file` under `path`) when a field or a
 * referenced array is missing or of another version.
 */
export function trainingStateToSnapshot(
  state: CheckpointTrainingState,
  weights: readonly NamedFloat32Array[],
  where: { readonly path?: string | undefined; readonly file: string },
): TrainingSnapshot {
  const invalid = (reason: string): CheckpointError =>
    new CheckpointError({ code: 'invalid', path: where.path, file: where.file, reason });
  const json = state.json;
  if (!isPlainObject(json)) throw invalid('the training state is not an object');
  if (json.version !== TRAINING_SNAPSHOT_VERSION) {
    throw invalid(
      `training snapshot version ${JSON.stringify(json.version)} is not the one this build reads (${TRAINING_SNAPSHOT_VERSION})`,
    );
  }
  const byName = new Map(state.arrays.map((array) => [array.name, array]));
  const resolve = (ref: unknown, prefix: string, field: string): NamedArray => {
    const name = isPlainObject(ref) ? ref.name : undefined;
    const array = typeof name === 'string' ? byName.get(prefix + name) : undefined;
    if (typeof name !== 'string' || array === undefined) {
      throw invalid(
        `${field} refers to an array that is not in the training-state data: ${JSON.stringify(ref)}`,
      );
    }
    return { name, shape: [...array.shape], values: array.values };
  };
  const optimizer = json.optimizer;
  if (!isPlainObject(optimizer) || !Array.isArray(optimizer.slots)) {
    throw invalid('optimizer must be an object with slots');
  }
  const slots = optimizer.slots.map((ref, k) => resolve(ref, OPTIMIZER_PREFIX, `optimizer.slots[${k}]`));
  const carried = json.carriedState;
  if (carried !== null && !Array.isArray(carried)) throw invalid('carriedState must be null or an array');
  const carriedState =
    carried === null
      ? null
      : carried.map((layer, l) => {
          if (!Array.isArray(layer)) throw invalid(`carriedState[${l}] must be an array`);
          return layer.map((ref, s) => resolve(ref, CARRIED_PREFIX, `carriedState[${l}][${s}]`));
        });
  return {
    ...(json as unknown as Omit<TrainingSnapshot, 'weights' | 'optimizer' | 'carriedState'>),
    weights: weights.map((w) => ({ name: w.name, shape: [...w.shape], values: w.values })),
    optimizer: { ...(optimizer as unknown as TrainingSnapshot['optimizer']), slots },
    carriedState,
  };
}
