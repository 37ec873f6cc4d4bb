import { useEffect, useState } from 'react';

/** `value` once it has stopped changing for `delayMs`; `flush` takes the latest at once (a button press). */
export function useDebounced<T>(value: T, delayMs: number): [T, () => void] {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return [settled, () => setSettled(value)];
}
