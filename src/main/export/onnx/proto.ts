import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-proto';

let root: protobuf.Root | null = null;

/** The ONNX message types, parsed once. */
export function onnxTypes(): { Model: protobuf.Type } {
  root ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  return { Model: root.lookupType('onnx.ModelProto') };
}

/** Encode a plain ModelProto object (snake_case field names) to bytes, checking it against the schema. */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const { Model } = onnxTypes();
  const problem = Model.verify(model);
  if (problem) throw new Error(`Internal ONNX encoding error: ${problem}`);
  return Model.encode(Model.fromObject(model)).finish();
}

/** Decode ONNX bytes back to a plain object (tests and diagnostics). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const { Model } = onnxTypes();
  return Model.toObject(Model.decode(bytes), { longs: Number, enums: String, bytes: Array }) as Record<
    string,
    unknown
  >;
}
