// Bounded thumbnail loading: at most `max` images in flight. Tiles ask for a slot when they mount
// and give it back when their image has loaded, failed, or they left the viewport. The newest
// request is served first, so after a fast scroll the tiles now on screen load before the ones
// the scroll passed (those were cancelled when they unmounted anyway).

export interface ThumbTicket {
  /** The image finished (loaded or failed): its slot goes to the next waiting tile. */
  release(): void;
}

export interface ThumbQueue {
  /** `start` is called when a slot is free; returns the ticket that gives the slot back. */
  request(start: () => void): ThumbTicket;
  readonly inFlight: number;
  readonly waiting: number;
}

export function createThumbQueue(max: number): ThumbQueue {
  let running = 0;
  const waiting: Array<{ start: () => void; state: 'waiting' | 'running' | 'done' }> = [];

  const pump = () => {
    while (running < max && waiting.length > 0) {
      const next = waiting.pop()!;
      if (next.state !== 'waiting') continue;
      next.state = 'running';
      running++;
      next.start();
    }
  };

  return {
    request(start) {
      const entry = { start, state: 'waiting' as 'waiting' | 'running' | 'done' };
      waiting.push(entry);
      pump();
      return {
        release() {
          if (entry.state === 'running') running--;
          if (entry.state === 'waiting') waiting.splice(waiting.indexOf(entry), 1);
          entry.state = 'done';
          pump();
        },
      };
    },
    get inFlight() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
