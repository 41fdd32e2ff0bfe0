/** Pretty-printed JSON in a scrollable, focusable block (keyboard users can scroll it). */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <section className="json" aria-label={label}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions must be focusable */}
      <pre tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}
