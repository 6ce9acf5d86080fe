import { useEffect, useRef } from 'react';
import { X } from 'lucide-react';
import { useExperiments } from '../state/experiments';
import { guideVisible, useGuide } from '../state/guide';
import { useNav, type PageId } from '../state/nav';

/** The way from data to a model in use, one page per step. */
export const GUIDE_STEPS: { step: string; page: PageId; pageLabel: string; text: string }[] = [
  {
    step: 'Data',
    page: 'datasets',
    pageLabel: 'Datasets',
    text: 'Pick a built-in dataset, or upload a CSV table or a folder of images; you see its columns, classes and how it is split.',
  },
  {
    step: 'Model',
    page: 'model',
    pageLabel: 'Model',
    text: 'Start from a template or drag layers onto the canvas; each problem is named in plain words, most with a one-click fix.',
  },
  {
    step: 'Train',
    page: 'train',
    pageLabel: 'Train',
    text: 'Choose the dataset, take the recommended settings and press Start; the curves show whether the model is learning.',
  },
  {
    step: 'Use',
    page: 'experiments',
    pageLabel: 'Experiments',
    text: 'Open the finished run to see where it goes wrong, try it on new examples, then export it or serve it.',
  },
];

/**
 * Getting-started guide: on a first launch (no experiments yet) and whenever it is asked for from the
 * help menu. Each step links to its page; the current page's step is marked. Put away with "Hide";
 * the choice is remembered.
 */
export function FirstRunGuide() {
  const { requested, asked, dismissed, dismiss } = useGuide();
  const experimentsLoaded = useExperiments((s) => s.loaded);
  const experiments = useExperiments((s) => s.list.length);
  const page = useNav((s) => s.page);
  const go = useNav((s) => s.go);
  const heading = useRef<HTMLHeadingElement>(null);
  const visible = guideVisible({ requested, dismissed, experimentsLoaded, experiments });
  // Opened from the help menu: move focus to it, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (asked) heading.current?.focus();
  }, [asked]);
  if (!visible) return null;
  return (
    <section className="app-guide" aria-labelledby="app-guide-title" data-testid="first-run-guide">
      <div className="app-guide-head">
        <h2 id="app-guide-title" ref={heading} tabIndex={-1}>
          Getting started: four steps from data to a model you can use
        </h2>
        <button type="button" className="app-link-btn app-guide-hide" data-testid="guide-dismiss" onClick={dismiss}>
          <X size={14} aria-hidden /> Hide this guide
        </button>
      </div>
      <ol className="app-guide-steps">
        {GUIDE_STEPS.map((s, i) => (
          <li key={s.step} className={page === s.page ? 'app-guide-here' : undefined} aria-current={page === s.page ? 'step' : undefined}>
            <a
              href={`#/${s.page}`}
              data-testid={`guide-step-${s.page}`}
              onClick={(e) => {
                e.preventDefault();
                go(s.page);
              }}
            >
              <span className="app-guide-num" aria-hidden>
                {i + 1}
              </span>
              {s.step}
              <span className="app-guide-page"> · {s.pageLabel} page</span>
            </a>
            <p>{s.text}</p>
          </li>
        ))}
      </ol>
      <p className="app-guide-foot">You can bring this guide back from the help menu (the ? at the top right).</p>
    </section>
  );
}
