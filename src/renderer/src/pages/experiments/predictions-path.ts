/** `next-month.csv` → `next-month-predictions.csv`, beside it or in `folder`. */
export function predictionsPath(input: string, folder?: string): string {
  const named = input.replace(/[\\/]+$/, '').replace(/(\.[^./\\]+)?$/, '-predictions.csv');
  if (!folder) return named;
  return `${folder.replace(/[\\/]+$/, '')}/${named.split(/[\\/]/).pop()}`;
}
