/** Dismissable notices (a bad link, a seek past the end). */
import { useSession } from '../session-context.ts';

export function Notices() {
  const notices = useSession((s) => s.notices);
  const dismiss = useSession((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} role="alert" className="notice">
          <span>{n.text}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
