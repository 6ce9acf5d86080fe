/** The bench's command line: case names and `--rounds`. */

/**
 * `--rounds N` / `--rounds=N` (or BENCH_ROUNDS): alternating rounds of the speed cases (default 5).
 * `roundsGiven` says whether the user chose the count (else a slow case may lower it, see roundsToRun).
 */
export function parseArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { only: string[]; rounds: number; roundsGiven: boolean } {
  const only: string[] = [];
  let raw = env.BENCH_ROUNDS;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--rounds(?:=(.*))?$/.exec(a);
    if (m) raw = m[1] ?? argv[++i] ?? '';
    else if (!a.startsWith('-')) only.push(a);
  }
  const roundsGiven = raw !== undefined;
  raw ??= '5';
  const rounds = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got "${raw}"`);
  return { only, rounds, roundsGiven };
}
