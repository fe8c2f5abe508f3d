/** Dismissable notices (a bad link, a seek past the end). */
import { useActions, useSession, useStatus } from '../session-context.ts';

const NONE: readonly { readonly id: number; readonly text: string }[] = [];

export function Notices() {
  const notices = useStatus((st) => st.notices, NONE);
  const failed = useSession((s) => s.failed);
  const { dismissNotice: dismiss } = useActions();
  if (notices.length === 0 && failed === null) return null;
  return (
    <div className="notices">
      {failed !== null && (
        <div role="alert" className="notice notice-failed">
          <span>The engine stopped with an error; reload the page to start again. ({failed.split('\n')[0]})</span>
        </div>
      )}
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
