/**
 * Vitest setupFiles: tests choose their tfjs backend on purpose (cpu as the reference, wasm as the
 * product's), so tfjs's one-time "install our node backend" greeting is noise in the log. See
 * src/main/engine/quiet-tfjs.ts for why production mode is the switch.
 */
import { quietTfjs } from '../../src/main/engine/quiet-tfjs';

quietTfjs();
