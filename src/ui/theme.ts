/**
 * Styles shared by the elements. Colours, sizes and fonts are CSS custom
 * properties set once in src/ui/theme.css, so a theme is one block of
 * variables.
 */
import { css } from 'lit';

export const shared = css`
  :host {
    color: var(--text);
    font: inherit;
  }
  * {
    box-sizing: border-box;
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    background: var(--button);
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    padding: 0.35em 0.8em;
    cursor: pointer;
    line-height: 1.2;
  }
  button:hover:not(:disabled) {
    background: var(--button-hover);
  }
  button:disabled {
    opacity: 0.45;
    cursor: default;
  }
  button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--on-accent);
    font-weight: 600;
  }
  button.primary:hover:not(:disabled) {
    background: var(--accent-hover);
  }
  select,
  input[type='number'],
  input[type='text'] {
    background: var(--input);
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    padding: 0.25em 0.4em;
    min-width: 0;
  }
  input[aria-invalid='true'] {
    border-color: var(--danger);
    box-shadow: 0 0 0 1px var(--danger);
  }
  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .swatch {
    display: inline-block;
    width: 0.9em;
    height: 0.9em;
    border-radius: 50%;
    vertical-align: -0.08em;
    border: 1px solid rgba(255, 255, 255, 0.35);
    flex: none;
  }
  .muted {
    color: var(--muted);
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
`;

/** Number tables: right-aligned figures, the first column a label. */
export const tables = css`
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.95em;
  }
  th,
  td {
    text-align: right;
    padding: 0.35em 0.4em;
    border-bottom: 1px solid var(--border);
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  thead th {
    color: var(--muted);
    font-weight: 500;
    font-size: 0.88em;
  }
  tbody th {
    font-weight: 600;
  }
`;
