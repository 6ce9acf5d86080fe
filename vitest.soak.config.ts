import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * `npm run test:soak`: the reliability suites at full size (20+ crash points, 10,000+ fuzz cases per
 * target, a 60 s load test). The suites read SOAK=1 to pick their size; the default run stays quick.
 */
process.env.SOAK = '1';
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        'test/crash-points.test.ts',
        'test/fuzz-*.test.ts',
        'test/*load*.test.ts',
        'test/web-hardening.test.ts',
        // The fault suite (issue 14): full disk (wrapper and a real tmpfs where root), damaged/empty database, restore.
        'test/disk-full.test.ts',
        'test/db-safety.test.ts',
        'test/checkpoint-safety.test.ts',
      ],
      testTimeout: 1_800_000,
      hookTimeout: 600_000,
      env: { SOAK: '1' },
    },
  }),
);
