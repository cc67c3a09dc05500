import './marks.scss';

/**
 * Status icons for the desk and the audit, drawn inline (the site's CSP allows no inline style; SVG
 * presentation attributes are not style). Each sits beside words that say the same: never the only
 * signal, so each is hidden from assistive technology.
 */
export type MarkName = 'ok' | 'fail' | 'warning' | 'none';

const PATHS: Record<MarkName, string> = {
  // A tick.
  ok: 'M3 8.5l3 3 7-7-1.4-1.4L6 8.7 4.4 7.1z',
  // A cross.
  fail: 'M4.2 3L3 4.2 6.8 8 3 11.8 4.2 13 8 9.2 11.8 13 13 11.8 9.2 8 13 4.2 11.8 3 8 6.8z',
  // A triangle with an exclamation mark.
  warning: 'M8 1L0.5 14.5h15zM7.2 6h1.6v4.5H7.2zM7.2 11.5h1.6v1.6H7.2z',
  // A dash: not done, not checked.
  none: 'M3 7h10v2H3z',
};

export function Mark(props: { name: MarkName }) {
  return (
    <svg class={`hv-mark hv-mark--${props.name}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" fill-rule="evenodd" d={PATHS[props.name]} />
    </svg>
  );
}
