// Two small hooks: polling a loader, and a pathname-based route (no router library needed
// for two screens; the server's SPA fallback makes every path load index.html).
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  /** The last load's failure; the previous data stays shown. */
  error: Error | undefined;
  /** When data last arrived. */
  updatedAt: Date | undefined;
  /** Load now (e.g. after creating a job) instead of waiting for the next tick. */
  refresh(): void;
}

/**
 * Calls `load` now and then `intervalMs` after each load settles (never two at once).
 * `keepPolling(data)` returning false stops the ticks, e.g. once a job has finished.
 * A change of `key` starts over; unmounting aborts the request in flight.
 */
export function usePolling<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  keepPolling: (data: T) => boolean = () => true,
): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: Error; updatedAt?: Date }>({ key });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  const keepRef = useRef(keepPolling);
  loadRef.current = load;
  keepRef.current = keepPolling;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      let again = true;
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ key, data, updatedAt: new Date() });
        again = keepRef.current(data);
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...(previous.key === key ? previous : { key }), error: error as Error }));
      }
      if (again) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, intervalMs, generation]);

  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  // Data loaded for a previous key is never shown under the new one.
  const current = state.key === key ? state : { key };
  return { data: current.data, error: current.error, updatedAt: current.updatedAt, refresh };
}

/** The current pathname and a navigate() that pushes history without reloading. */
export function usePathname(): [string, (path: string) => void] {
  const [pathname, setPathname] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = (): void => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string) => {
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    setPathname(path);
  }, []);
  return [pathname, navigate];
}

/** "/jobs/<id>" -> id; anything else -> undefined. */
export function jobIdFromPath(pathname: string): string | undefined {
  const match = /^\/jobs\/([^/]+)\/?$/.exec(pathname);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}
