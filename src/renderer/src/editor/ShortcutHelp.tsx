import { X } from 'lucide-react';

/** Every shortcut the editor handles, in the order the help panel lists them. */
export const SHORTCUTS: [keys: string, what: string][] = [
  ['Click palette item', 'Add the layer below the selected one (connected when it fits)'],
  ['Drag palette item', 'Place a layer where you drop it'],
  ['Drag from ● to ●', 'Connect an output (bottom) to an input (top)'],
  ['Click / Ctrl+click', 'Select / add to selection'],
  ['Shift+drag on canvas', 'Box-select'],
  ['Ctrl+A', 'Select all'],
  ['Delete / Backspace', 'Delete selected layers and links'],
  ['Ctrl+C / Ctrl+X / Ctrl+V', 'Copy / cut / paste'],
  ['Ctrl+D', 'Duplicate'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['A', 'Arrange top to bottom'],
  ['F', 'Zoom to fit'],
  ['?', 'Show or hide this panel'],
  ['Esc', 'Clear selection / close'],
];

/** The keyboard-shortcut panel (press ?). */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <div className="ed-help-panel" data-testid="shortcut-help" role="dialog" aria-label="Keyboard shortcuts">
      <header>
        <h3>Keyboard shortcuts</h3>
        <button type="button" onClick={onClose} aria-label="Close">
          <X size={16} />
        </button>
      </header>
      <table>
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ed-hint">On a Mac, ⌘ works wherever Ctrl is listed.</p>
    </div>
  );
}
