import { useEffect, useState } from 'react';

/** The current time, re-read every `everyMs` so "5 min ago" stays true. A clock, not polling: no calls. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
