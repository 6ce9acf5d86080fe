import cliProgress from 'cli-progress';
import type { EventName, Events } from '../../shared/api/contract';

/** How the CLI prints: a human view with progress bars, or one JSON object per line for scripts. */
export interface CliOutput {
  json: boolean;
  event<E extends EventName>(event: E, payload: Events[E]): void;
  /** The command's answer: in JSON mode `{"ok":true,"result":…}`, or `ok:false` with `failure` (a run that failed). */
  result(value: unknown, human: () => string, failure?: { code: string; message: string }): void;
  /** A sentence about what the command chose or changed for the user (JSON mode: an `info` event line). */
  note(message: string): void;
  done(): void;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)} %`);

export function createOutput(json: boolean): CliOutput {
  let bar: cliProgress.SingleBar | null = null;
  let barEpoch = 0;
  return {
    json,
    event(event, payload) {
      if (json) return void process.stdout.write(JSON.stringify({ event, ...payload }) + '\n');
      if (event === 'training.progress') {
        const p = payload as Events['training.progress'];
        if (!bar || barEpoch !== p.epoch) {
          bar?.stop();
          barEpoch = p.epoch;
          bar = new cliProgress.SingleBar(
            { format: `epoch ${p.epoch}/${p.epochs} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | {rate} samples/s | ETA {eta_s}s`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.batches, 0, { loss: '-', acc: '-', rate: '-', eta_s: '-' });
        }
        bar.update(p.batch, { loss: p.loss.toFixed(4), acc: pct(p.accuracy), rate: Math.round(p.samplesPerSec), eta_s: Math.round(p.etaSeconds) });
      } else if (event === 'training.epoch') {
        const { metrics: m } = payload as Events['training.epoch'];
        bar?.stop();
        bar = null;
        console.log(
          `epoch ${m.epoch}: loss ${m.loss.toFixed(4)}, accuracy ${pct(m.accuracy)}, val accuracy ${pct(m.valAccuracy)} (${m.seconds.toFixed(1)} s)`,
        );
      } else if (event === 'training.status') {
        const s = payload as Events['training.status'];
        if (s.backend) console.log(`training on backend: ${s.backend}`);
        else if (s.status !== 'running') {
          bar?.stop();
          console.log(`status: ${s.status}${s.message ? ` — ${s.message}` : ''}`);
        }
      }
    },
    result(value, human, failure) {
      if (json) process.stdout.write(JSON.stringify(failure ? { ok: false, error: failure, result: value } : { ok: true, result: value }) + '\n');
      else console.log(human());
    },
    note(message) {
      if (json) process.stdout.write(JSON.stringify({ event: 'info', message }) + '\n');
      else console.log(message);
    },
    done() {
      bar?.stop();
    },
  };
}
export { pct };
