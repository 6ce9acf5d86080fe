import { Copy, HelpCircle, LayoutGrid, Maximize, Redo2, Trash2, Undo2 } from 'lucide-react';

interface Props {
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  onArrange(): void;
  onFit(): void;
  onHelp(): void;
  hasSelection: boolean;
  onDelete(): void;
  onDuplicate(): void;
}

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** Canvas commands. Each button names its shortcut in its tooltip. */
export function Toolbar(p: Props) {
  return (
    <div className="ed-toolbar" role="toolbar" aria-label="Editor">
      <button type="button" data-testid="undo" onClick={p.onUndo} disabled={!p.canUndo} title={`Undo (${mod}Z)`}>
        <Undo2 size={15} aria-hidden /> Undo
      </button>
      <button type="button" data-testid="redo" onClick={p.onRedo} disabled={!p.canRedo} title={`Redo (${mod}Shift+Z)`}>
        <Redo2 size={15} aria-hidden /> Redo
      </button>
      <span className="ed-sep" />
      <button type="button" data-testid="delete" onClick={p.onDelete} disabled={!p.hasSelection} title="Delete selection (Delete)">
        <Trash2 size={15} aria-hidden /> Delete
      </button>
      <button type="button" data-testid="duplicate" onClick={p.onDuplicate} disabled={!p.hasSelection} title={`Duplicate (${mod}D)`}>
        <Copy size={15} aria-hidden /> Duplicate
      </button>
      <span className="ed-sep" />
      <button type="button" data-testid="auto-arrange" onClick={p.onArrange} title="Arrange layers top to bottom (A)">
        <LayoutGrid size={15} aria-hidden /> Arrange
      </button>
      <button type="button" data-testid="zoom-fit" onClick={p.onFit} title="Zoom to fit (F)">
        <Maximize size={15} aria-hidden /> Fit
      </button>
      <span className="ed-sep" />
      <button type="button" data-testid="shortcut-help-button" onClick={p.onHelp} title="Keyboard shortcuts (?)">
        <HelpCircle size={15} aria-hidden /> Shortcuts
      </button>
    </div>
  );
}
