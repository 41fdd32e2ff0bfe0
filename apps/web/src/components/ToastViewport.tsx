import { useActivity } from '../lib/activity.tsx';
import { routePath } from '../lib/router.ts';
import { Link } from './Link.tsx';

export function ToastViewport() {
  const { toasts, dismissToast } = useActivity();
  return (
    <section className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        // The region is the live one: a role here would announce each toast twice.
        <div key={toast.id} className={`toast toast--${toast.tone}`}>
          <div className="toast__text">
            <strong>{toast.title}</strong>
            <span className="toast__body" title={toast.body}>
              {toast.body}
            </span>
            <Link href={routePath({ name: 'job', id: toast.jobId })}>View job</Link>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismissToast(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
