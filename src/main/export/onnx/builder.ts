/** An ONNX node attribute: ints and floats are tagged so that `1` and `1.0` never get confused. */
export type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };

const FLOAT = 1;
const INT64 = 7;
/** ONNX AttributeType numbers. */
const ATTR_TYPE = { f: 1, i: 2, s: 3, floats: 6, ints: 7 } as const;

interface Initializer {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/**
 * Collects the nodes and weights of one ONNX graph. Every value gets a fresh, unique name, so mapping
 * code never has to think about collisions; the layer name is kept as a prefix for readability.
 */
export class OnnxGraph {
  readonly nodes: Record<string, unknown>[] = [];
  readonly initializers: Initializer[] = [];
  private counter = 0;
  private constants = new Map<string, string>();

  /** A fresh value name. */
  fresh(prefix: string): string {
    return `${prefix.replace(/[^\w./-]/g, '_')}__${this.counter++}`;
  }

  /** Add a node with one output and return that output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, prefix = opType): string {
    return this.opMulti(opType, inputs, 1, attrs, prefix)[0];
  }

  /** Add a node with `outputs` outputs (LSTM: Y, Y_h, Y_c). */
  opMulti(
    opType: string,
    inputs: string[],
    outputs: number,
    attrs: Record<string, Attr> = {},
    prefix = opType,
  ): string[] {
    const outs = Array.from({ length: outputs }, () => this.fresh(prefix));
    const attribute = Object.entries(attrs).map(([name, a]) => {
      const key = Object.keys(a)[0] as keyof typeof ATTR_TYPE;
      const value = (a as Record<string, unknown>)[key];
      return {
        name,
        type: ATTR_TYPE[key],
        [key]: key === 's' ? new TextEncoder().encode(value as string) : value,
      };
    });
    this.nodes.push({ input: inputs, output: outs, name: outs[0], op_type: opType, attribute });
    return outs;
  }

  /** A float32 weight tensor. */
  weight(prefix: string, data: Float32Array, dims: number[]): string {
    const name = this.fresh(prefix);
    const bytes = new Uint8Array(data.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
    this.initializers.push({ name, dims, data_type: FLOAT, raw_data: bytes });
    return name;
  }

  /** An int64 constant (shapes, indices, axes), shared between nodes that need the same values. */
  int64(values: number[], dims: number[] = [values.length]): string {
    const key = `${dims.join('x')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh('const_i64');
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({ name, dims, data_type: INT64, raw_data: bytes });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    const key = `f:${value}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.weight('const_f32', Float32Array.of(value), []);
    this.constants.set(key, name);
    return name;
  }
}

/** A graph input or output declaration with a symbolic batch dimension. */
export function valueInfo(name: string, shape: (number | null)[], elemType = FLOAT): Record<string, unknown> {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: shape.map((d) => (d === null ? { dim_param: 'batch' } : { dim_value: d })) },
      },
    },
  };
}
