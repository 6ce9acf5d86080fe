import { Wrench, X } from 'lucide-react';
import type { RefusedLink } from './Canvas';

/**
 * Shown under the canvas after the user let go on an input that refused the link: why it was
 * refused, and a button that draws the link with the repair (one Undo takes both back).
 */
export function RefusedLinkOffer({ link, onApply, onDismiss }: { link: RefusedLink; onApply(): void; onDismiss(): void }) {
  return (
    <div className="ed-refused" role="alert" data-testid="refused-link">
      <span>That link was not drawn: {link.reason}</span>
      <button type="button" className="ed-fix" data-testid="refused-link-fix" onClick={onApply}>
        <Wrench size={12} aria-hidden /> {link.fix}
      </button>
      <button type="button" className="ed-refused-close" data-testid="refused-link-dismiss" onClick={onDismiss} aria-label="Dismiss">
        <X size={14} aria-hidden />
      </button>
    </div>
  );
}
