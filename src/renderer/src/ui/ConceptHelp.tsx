import { CONCEPTS, type ConceptId } from './concepts';
import { Popover } from './Popover';

/**
 * A small "?" button that opens a short explanation of one concept, right where the analyst meets it.
 * `align="end"` opens the panel towards the left, for a "?" at the right edge of the screen.
 */
export function ConceptHelp({ concept, testId = `concept-${concept}`, align = 'start' }: { concept: ConceptId; testId?: string; align?: 'start' | 'end' }) {
  const c = CONCEPTS[concept];
  return (
    <span className={`app-concept app-concept-${align}`}>
      <Popover trigger={<span aria-hidden>?</span>} label={c.question} className="app-concept-btn" testId={testId}>
        <div data-testid={`${testId}-text`}>
          <strong>{c.title}</strong>
          <p>{c.text}</p>
        </div>
      </Popover>
    </span>
  );
}
