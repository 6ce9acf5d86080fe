/** The bench's command line: case names and `--rounds`. */

/** `--rounds N` / `--rounds=N` (or BENCH_ROUNDS): alternating rounds of the speed cases (default 5). */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { only: string[]; rounds: number } {
  const only: string[] = [];
  let raw = env.BENCH_ROUNDS ?? '5';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--rounds(?:=(.*))?$/.exec(a);
    if (m) raw = m[1] ?? argv[++i] ?? '';
    else if (!a.startsWith('-')) only.push(a);
  }
  const rounds = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got "${raw}"`);
  return { only, rounds };
}
