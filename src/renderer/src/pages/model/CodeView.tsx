import { useMemo, useRef, useState } from 'react';
import { Check, Copy } from 'lucide-react';
import { toKeras } from '../../../../shared/codegen/keras';
import { toTfjs } from '../../../../shared/codegen/tfjs';
import type { ModelGraph } from '../../../../shared/graph/types';

type Lang = 'keras' | 'tfjs';
const LANGS: { id: Lang; label: string; hint: string }[] = [
  { id: 'keras', label: 'Keras (Python)', hint: 'Keras 3 functional model: run it with Python and keras installed.' },
  { id: 'tfjs', label: 'TF.js', hint: 'TensorFlow.js 4.x ES module that builds the same model.' },
];

/** The code for a graph, or why there is none (the checker's first error, in plain words). */
export function graphCode(graph: ModelGraph, lang: Lang, name: string): { code: string } | { reason: string } {
  try {
    return { code: lang === 'keras' ? toKeras(graph, name || undefined) : toTfjs(graph, name || undefined) };
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
}

/** The live graph as Keras and TF.js code, regenerated on every edit, with a copy button. */
export function CodeView({ graph, name }: { graph: ModelGraph; name: string }) {
  const [lang, setLang] = useState<Lang>('keras');
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pre = useRef<HTMLPreElement>(null);
  // Layout-only edits (drags) keep the same graph object, so dragging never regenerates code.
  const result = useMemo(() => graphCode(graph, lang, name), [graph, lang, name]);

  const copy = async () => {
    if (!('code' in result)) return;
    try {
      await navigator.clipboard.writeText(result.code);
    } catch {
      // No clipboard permission (some embedded hosts): select the text so Ctrl+C copies it.
      const range = document.createRange();
      if (pre.current) range.selectNodeContents(pre.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      document.execCommand('copy');
    }
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section className="mp-code" data-testid="code-view" aria-label="Code">
      <div className="mp-code-head" role="tablist">
        {LANGS.map((l) => (
          <button
            key={l.id}
            type="button"
            role="tab"
            aria-selected={lang === l.id}
            className={`mp-tab ${lang === l.id ? 'mp-tab-on' : ''}`}
            data-testid={`code-tab-${l.id}`}
            onClick={() => setLang(l.id)}
            title={l.hint}
          >
            {l.label}
          </button>
        ))}
        <span className="app-toolbar-spacer" />
        <button type="button" className="app-btn mp-copy" data-testid="code-copy" onClick={copy} disabled={!('code' in result)}>
          {copied ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />} {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {'code' in result ? (
        <pre className="mp-code-text" data-testid="code-text" data-lang={lang} ref={pre}>
          {result.code}
        </pre>
      ) : (
        <div className="mp-code-none" data-testid="code-unavailable">
          <strong>No code yet.</strong> {result.reason.replace(/^The graph cannot be exported yet: /, '')}
          <p className="app-muted">Code appears here as soon as the problems in the editor are fixed.</p>
        </div>
      )}
    </section>
  );
}
