import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TransferJob } from '@rushes/shared';
import { desktop, onDesktopEvent } from '../bridge/desktop';
import { toShownError } from '../errors';
import { isJobActive, mergeJobs, summariseJobs } from './fsxJobs';

/**
 * The caller's S3 ↔ edit-share jobs (admins: everyone's), newest first. The list is asked for
 * once; while any job is queued or running, main follows it and pushes the list, and the
 * detail of each job that was opened, about once a second (`fsxJobs` events). `onFinished`
 * hears of each job that ended while watched.
 */
export function useFsxJobs(onFinished: (job: TransferJob) => void) {
  const [jobs, setJobs] = useState<readonly TransferJob[]>([]);
  const [details, setDetails] = useState<ReadonlyMap<string, TransferJob>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  }, [onFinished]);
  // Jobs seen running, so a job that ends is reported once, and one that was already over is not.
  const watching = useRef(new Set<string>());

  const take = useCallback((changed: readonly TransferJob[], replace = false) => {
    for (const job of changed) {
      if (isJobActive(job.state)) watching.current.add(job.id);
      else if (watching.current.delete(job.id)) {
        // Main pushes a job's final per-file states once it ends; the end is reported with
        // them (a single file is then named). A job seen only in a list is asked for here.
        if (job.files !== undefined) finished.current(job);
        else
          void desktop.transferDetail({ id: job.id }).then(
            (detail) => {
              setDetails((previous) => new Map(previous).set(detail.id, detail));
              setJobs((previous) => mergeJobs(previous, [detail]));
              finished.current(detail);
            },
            () => finished.current(job),
          );
      }
    }
    setJobs((previous) => mergeJobs(replace ? [] : previous, changed));
    setDetails((previous) => {
      const withFiles = changed.filter((job) => job.files !== undefined);
      if (withFiles.length === 0) return previous;
      const next = new Map(previous);
      for (const job of withFiles) next.set(job.id, job);
      return next;
    });
  }, []);

  useEffect(() => {
    const off = onDesktopEvent('fsxJobs', ({ jobs: pushed, listed, error: failure }) => {
      // Main goes on asking; the panel says the list is stale rather than a toast every second.
      if (failure !== null) return setError(failure);
      take(pushed, listed);
      setError(null);
    });
    void desktop.listTransfers({ limit: 50 }).then(
      ({ jobs: listed }) => {
        take(listed, true);
        setError(null);
      },
      (failure: unknown) => setError(toShownError(failure).message),
    );
    return off;
  }, [take]);

  const toggle = useCallback(
    (id: string) => {
      setExpanded((previous) => {
        const next = new Set(previous);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      // The files come with the detail; ask once now (main then follows a running job's files).
      void desktop.transferDetail({ id }).then(
        (job) => take([job]),
        () => undefined,
      );
    },
    [take],
  );

  const cancel = useCallback(async (id: string) => take([await desktop.cancelTransfer({ id })]), [take]);
  // A job just started is watched even if it already ended (a small local copy can finish
  // before the answer arrives), so its end is reported like any other.
  const track = useCallback(
    (job: TransferJob) => {
      watching.current.add(job.id);
      take([job]);
    },
    [take],
  );

  const summary = useMemo(() => summariseJobs(jobs), [jobs]);
  return { jobs, details, expanded, toggle, cancel, track, summary, error };
}
