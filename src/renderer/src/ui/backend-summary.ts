/** The status bar's backend line, apart from the component so it is tested without a DOM. */
import type { BackendReport } from '../../../shared/api/types';
import { backendWithAdapter } from '../../../shared/gpu-adapter';

/**
 * "WebAssembly (CPU) — tfjs-node-gpu is not installed": the active backend (with its GPU adapter on
 * webgpu) and why a better one is not used.
 */
export function backendSummary(r: BackendReport): { label: string; why: string | null } {
  const active = r.candidates.find((c) => c.name === r.active);
  const idx = r.candidates.findIndex((c) => c.name === r.active);
  // Candidates are ordered best first: the first better one that is unavailable explains the choice.
  const better = r.candidates.slice(0, Math.max(0, idx)).find((c) => !c.available);
  const why = r.pinned === r.active ? 'pinned by you' : (better?.reason ?? null);
  // On webgpu, which device: a GPU, or a software one on the CPU (whose speed says nothing about GPUs).
  return { label: backendWithAdapter(active?.label ?? r.active, active?.adapter), why };
}
