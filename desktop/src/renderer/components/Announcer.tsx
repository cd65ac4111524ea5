import { useEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';

import { visuallyHidden } from '../theme';

/**
 * A polite live region, kept mounted so what is put in it is read out, saying what `tell` finds
 * new each time `value` changes. Hidden on screen: sighted users see the change where it happens.
 */
export function Announcer<T>({ value, tell }: { value: T; tell(before: T, now: T): string | null }) {
  const before = useRef(value);
  const [news, setNews] = useState('');
  useEffect(() => {
    const told = tell(before.current, value);
    before.current = value;
    if (told) setNews(told);
  }, [value, tell]);
  return (
    <Box role="status" sx={visuallyHidden}>
      {news}
    </Box>
  );
}
