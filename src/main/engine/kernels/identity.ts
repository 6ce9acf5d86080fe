/**
 * Identity for the wasm backend without a copy. tfjs-backend-wasm's Identity copies the whole tensor
 * into a fresh buffer; the training step calls it about 50 times per batch (clones in the gradient
 * tape and the optimizer), weight-sized and activation-sized alike. Tensors are immutable on wasm (no
 * kernel writes into an input), so, as the cpu backend does, the output shares the input's data and
 * the backend's reference count keeps it alive until both are disposed.
 */
import { asWasm, type TensorInfo } from './wasm-util';

interface DataEntry {
  refCount: number;
}

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

export function makeIdentityWasm(native: KernelFn) {
  return function identityWasm(args: { inputs: { x: TensorInfo }; backend: unknown }): TensorInfo {
    const { x } = args.inputs;
    const backend = asWasm(args.backend);
    const map = (backend as unknown as { dataIdMap?: { get(id: object): DataEntry | undefined } }).dataIdMap;
    const entry = x.dtype === 'string' ? undefined : map?.get(x.dataId);
    if (!entry || typeof entry.refCount !== 'number') return native(args as never) as TensorInfo;
    entry.refCount++;
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}
