import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useQuery, useSubscription } from 'urql';
import type {
  ActiveJobsQuery,
  ActiveJobsQueryVariables,
  SyncActivitySubscription,
  SyncActivitySubscriptionVariables,
} from '../generated/graphql.ts';
import { ACTIVE_JOBS_QUERY } from '../graphql/queries.ts';
import type { SyncJob, SyncProgressEvent } from '../graphql/results.ts';
import { SYNC_ACTIVITY_SUBSCRIPTION } from '../graphql/subscriptions.ts';
import { type Toast, toastForEvent, toastKey } from './event-toast.ts';
import { isJobActive, isJobRunning } from './labels.ts';

/**
 * The workspace's live activity, from one `syncActivity` subscription shared by every screen:
 * the latest state of each job seen, the jobs running now (the header badge), and toasts.
 */
type Activity = {
  jobs: ReadonlyMap<string, SyncJob>;
  activeJobs: SyncJob[];
  /** Jobs a worker is running now (RUNNING, CANCELLING): what the header badge counts. */
  runningJobs: SyncJob[];
  /** Bumps on every status change or phase completion so lists can refetch. */
  revision: number;
  toasts: Toast[];
  dismissToast(id: string): void;
};

const ActivityContext = createContext<Activity | null>(null);

const TOAST_MS = 8000;
/** At most this many toasts at once, so they never stack over the page. */
const MAX_TOASTS = 2;

export function ActivityProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<ReadonlyMap<string, SyncJob>>(new Map());
  const [revision, setRevision] = useState(0);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastedKeys = useRef(new Set<string>());
  const [initial] = useQuery<ActiveJobsQuery, ActiveJobsQueryVariables>({
    query: ACTIVE_JOBS_QUERY,
  });

  useEffect(() => {
    const running = initial.data?.syncJobs.edges.map((edge) => edge.node) ?? [];
    if (running.length === 0) return;
    setJobs((previous) => {
      const next = new Map(previous);
      for (const job of running) if (!next.has(job.id)) next.set(job.id, job);
      return next;
    });
  }, [initial.data]);

  const dismissToast = useCallback((id: string) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const onEvent = useCallback(
    (event: SyncProgressEvent) => {
      setJobs((previous) => new Map(previous).set(event.job.id, event.job));
      if (event.kind !== 'PROGRESS') setRevision((r) => r + 1);
      const toast = toastForEvent(event);
      if (!toast) return;
      // One toast per job and kind: a burst of rate limits or retries is one piece of news,
      // and the job's activity log has the rest.
      const key = toastKey(event);
      if (toastedKeys.current.has(key)) return;
      toastedKeys.current.add(key);
      const id = `${key}:${Date.now()}`;
      setToasts((current) => [...current.slice(-(MAX_TOASTS - 1)), { ...toast, id }]);
      setTimeout(() => dismissToast(id), TOAST_MS);
    },
    [dismissToast],
  );

  useSubscription<
    SyncActivitySubscription,
    SyncActivitySubscription,
    SyncActivitySubscriptionVariables
  >({ query: SYNC_ACTIVITY_SUBSCRIPTION }, (_previous, data) => {
    onEvent(data.syncActivity);
    return data;
  });

  const activeJobs = [...jobs.values()].filter((job) => isJobActive(job.status));
  const runningJobs = activeJobs.filter((job) => isJobRunning(job.status));
  return (
    <ActivityContext.Provider
      value={{ jobs, activeJobs, runningJobs, revision, toasts, dismissToast }}
    >
      {children}
    </ActivityContext.Provider>
  );
}

export function useActivity(): Activity {
  const activity = useContext(ActivityContext);
  if (!activity) throw new Error('useActivity needs an ActivityProvider');
  return activity;
}

/** The freshest copy of a job: the live one from activity when it is newer than `fallback`. */
export function useLiveJob(fallback: SyncJob | null | undefined): SyncJob | null {
  const { jobs } = useActivity();
  if (!fallback) return null;
  return jobs.get(fallback.id) ?? fallback;
}
