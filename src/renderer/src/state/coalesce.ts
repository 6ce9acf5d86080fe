/** Wrap `fn` so that a burst of calls within `ms` runs it once (events → one refresh). */
export function coalesce(fn: () => void, ms = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}
