/** PyTorch anchor of lstm-text-tfjs (bench/torch_template.py): same layers, bytes, batch and Adam. */
import { lstmTextCase } from '../lib/template-cases';
import { templateTorchCase } from '../lib/template-bench';

export default templateTorchCase(lstmTextCase);
