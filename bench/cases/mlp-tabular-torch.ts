/** PyTorch anchor of mlp-tabular-tfjs (bench/torch_template.py): same layers, bytes, batch and Adam. */
import { mlpTabular } from '../lib/template-cases';
import { templateTorchCase } from '../lib/template-bench';

export default templateTorchCase(mlpTabular);
