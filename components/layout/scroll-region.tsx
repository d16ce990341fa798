// A box that scrolls sideways when its table is wider than the page, reachable from the keyboard
// (focusable, named), so the arrows can scroll it: WCAG's "scrollable region" rule.
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={["scroll-region", className].filter(Boolean).join(" ")} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
