import { useEffect, useRef } from 'react';

/**
 * The page's main heading. It takes keyboard focus when the screen opens, so screen-reader and
 * keyboard users land at the start of the new screen.
 */
export function PageHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
