import { ComparePage } from '../compare/ComparePage';

/** The comparison view (pages/compare) over trials picked in a sweep; closing returns to the sweep. */
export function CompareEmbed({ ids, onClose }: { ids: string[]; onClose(): void }) {
  return (
    <div className="sweep-compare" data-testid="sweep-compare" data-ids={ids.join(',')}>
      <ComparePage ids={ids} onClose={onClose} />
    </div>
  );
}
