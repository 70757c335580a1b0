// What a fresh answer to `session.current` means for this window, decided in one place: the
// session ended, was locked elsewhere (OS lock, suspend, the core's idle check), changed (a new
// idle time, role or setup step), or is as the window already shows it.
import type { SessionInfo } from './store';

export type SessionNews = 'ended' | 'locked' | 'changed' | 'same';

export function sessionNews(shown: SessionInfo | null, answer: SessionInfo | null): SessionNews {
  if (answer === null) return 'ended';
  if (answer.restriction === 'locked') return 'locked';
  return shown && JSON.stringify(answer) === JSON.stringify(shown) ? 'same' : 'changed';
}
