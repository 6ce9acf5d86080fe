/** The PyTorch CPU anchor (bench/torch_seed_cnn.py) on the same MNIST samples, where torch imports. */
import { fileURLToPath } from 'node:url';
import { mnistDir } from '../lib/mnist';
import { torchFigures } from '../lib/torch';
import type { BenchCase } from '../lib/types';

const script = fileURLToPath(new URL('../torch_seed_cnn.py', import.meta.url));

const seedCnnTorch: BenchCase = {
  name: 'seed-cnn-torch',
  rounds: true,
  description: 'PyTorch CPU anchor: same model, batch, optimizer, samples (second epoch reported)',
  async run(ctx) {
    return torchFigures({
      script,
      args: (threads) => [mnistDir(), String(ctx.samples), String(threads), '2'],
      task: 'seed-cnn-train',
      log: ctx.log,
    });
  },
};
export default seedCnnTorch;
