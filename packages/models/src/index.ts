// Public entry of @charloom/models: TensorFlow.js backend selection with the wasm kernel fixes, and typed errors.
// Tensors never leave through here; the tensor-level recurrent core is under `@charloom/models/internal`.

export { ensureGradients } from './backend/gradients.js';
export {
  AUTO_BACKEND_ORDER,
  type BackendAttempt,
  type BackendName,
  type BackendReport,
  type ConcreteBackendName,
  type InitBackendOptions,
  initBackend,
  type WasmBackendDetails,
} from './backend/init-backend.js';
export {
  LSTM_GATE_CASES,
  type MatmulCase,
  type MatmulPeak,
  type MatmulTimingOptions,
  measureMatmulGflops,
  measureMatmulPeak,
} from './backend/matmul-peak.js';
export {
  registerWasmKernelFixes,
  removeWasmKernelFixes,
  WASM_KERNEL_FIX_NAMES,
  type WasmKernelFixReport,
} from './backend/wasm-kernel-fixes.js';
export {
  BackendError,
  type BackendErrorDetails,
  InvalidArgumentError,
  type InvalidArgumentErrorOptions,
  ModelsError,
} from './errors.js';
