import { useEffect, useState, type RefObject } from 'react';

export interface WindowRange {
  first: number;
  last: number;
}

/**
 * Which fixed-height rows of a scroll container are on screen (plus overscan), so a view
 * renders a few dozen elements whether the folder holds ten assets or a hundred thousand.
 */
export function useRowWindow(
  container: RefObject<HTMLElement | null>,
  rowCount: number,
  rowHeight: number,
  overscan: number,
  offsetTop = 0,
): { range: WindowRange; viewportHeight: number; viewportWidth: number } {
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ height: 0, width: 0 });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setScrollTop(element.scrollTop));
    };
    const observer = new ResizeObserver(() => setSize({ height: element.clientHeight, width: element.clientWidth }));
    observer.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [container]);

  const top = Math.max(0, scrollTop - offsetTop);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const visible = Math.ceil((size.height || 800) / rowHeight);
  const last = Math.min(rowCount - 1, Math.floor(top / rowHeight) + visible + overscan);
  return { range: { first, last }, viewportHeight: size.height, viewportWidth: size.width };
}

/** Scrolls `element` just enough to show row `index` (keyboard focus follows the user). */
export function scrollRowIntoView(element: HTMLElement | null, index: number, rowHeight: number, offsetTop = 0): void {
  if (!element || index < 0) return;
  const top = index * rowHeight;
  const bottom = offsetTop + top + rowHeight;
  if (top < element.scrollTop) element.scrollTop = top;
  else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
}
