import './icons.scss';

/**
 * The status icons of every page, drawn inline (the site's CSP allows no inline style; SVG
 * presentation attributes are not style). Each sits beside words that say the same: never the only
 * signal, so each is hidden from assistive technology.
 */
export type IconName = 'ok' | 'fail' | 'warning' | 'none' | 'alarm' | 'damaged' | 'acknowledged' | 'clock';

const PATHS: Record<IconName, string> = {
  // A tick.
  ok: 'M3 8.5l3 3 7-7-1.4-1.4L6 8.7 4.4 7.1z',
  // A cross.
  fail: 'M4.2 3L3 4.2 6.8 8 3 11.8 4.2 13 8 9.2 11.8 13 13 11.8 9.2 8 13 4.2 11.8 3 8 6.8z',
  // A triangle with an exclamation mark.
  warning: 'M8 1L0.5 14.5h15zM7.2 6h1.6v4.5H7.2zM7.2 11.5h1.6v1.6H7.2z',
  // A dash: not done, not checked.
  none: 'M3 7h10v2H3z',
  // An octagon with an exclamation mark.
  alarm: 'M5 0.5h6L15.5 5v6L11 15.5H5L0.5 11V5zM7.1 3.5h1.8v6H7.1zM7.1 10.8h1.8v1.8H7.1z',
  // A square with a cross: the record cannot be read.
  damaged: 'M1 1h14v14H1zM4.2 3L3 4.2 6.8 8 3 11.8 4.2 13 8 9.2 11.8 13 13 11.8 9.2 8 13 4.2 11.8 3 8 6.8z',
  // A person with a tick: someone has it.
  acknowledged: 'M6 1.5a3 3 0 110 6 3 3 0 010-6zM0.5 14.5c0-3 2.5-5 5.5-5s4 1 4.5 1.5L8 14.5zM9.5 12l1.6 1.6 3.6-3.6 1 1-4.6 4.6-2.6-2.6z',
  // A clock face.
  clock: 'M8 0.5a7.5 7.5 0 110 15 7.5 7.5 0 010-15zM8 2.3a5.7 5.7 0 100 11.4A5.7 5.7 0 008 2.3zM7.2 4h1.6v3.7l2.6 1.6-0.8 1.3-3.4-2.1z',
};

function Svg(props: { name: IconName; class: string }) {
  return (
    <svg class={props.class} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" fill-rule="evenodd" d={PATHS[props.name]} />
    </svg>
  );
}

/** An icon in the colour of the words beside it (the board's tags and alerts). */
export function Icon(props: { name: IconName }) {
  return <Svg name={props.name} class="hv-icon" />;
}

export type MarkName = 'ok' | 'fail' | 'warning' | 'none';

/** A status mark in the colour of what it says (the desk's checks, the audit's verdicts). */
export function Mark(props: { name: MarkName }) {
  return <Svg name={props.name} class={`hv-mark hv-mark--${props.name}`} />;
}
