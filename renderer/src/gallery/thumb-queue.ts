// Bounded thumbnail loading: at most `max` images in flight. Tiles ask for a slot when they mount
// and give it back when their image has loaded, failed, or they left the viewport. A request may
// carry a rank (0: on screen, more: that far outside it), read when a slot frees up: tiles on screen
// load before the overscan rows around them, whatever order they mounted in. Among equal ranks the
// newest request is served first, so after a fast scroll the tiles now on screen load before the
// ones the scroll passed (those were cancelled when they unmounted anyway).

export interface ThumbTicket {
  /** The image finished (loaded or failed): its slot goes to the next waiting tile. */
  release(): void;
}

export interface ThumbQueue {
  /** `start` is called when a slot is free; returns the ticket that gives the slot back. */
  request(start: () => void, rank?: () => number): ThumbTicket;
  readonly inFlight: number;
  readonly waiting: number;
}

interface Entry {
  readonly start: () => void;
  readonly rank: () => number;
  state: 'waiting' | 'running' | 'done';
}

const unranked = () => 0;

export function createThumbQueue(max: number): ThumbQueue {
  let running = 0;
  const waiting: Entry[] = [];

  /** The lowest rank; the newest (last) of equals. */
  const best = (): number => {
    let at = waiting.length - 1;
    let rank = waiting[at]!.rank();
    for (let i = waiting.length - 2; i >= 0 && rank > 0; i--) {
      const r = waiting[i]!.rank();
      if (r < rank) {
        rank = r;
        at = i;
      }
    }
    return at;
  };

  const pump = () => {
    while (running < max && waiting.length > 0) {
      const [next] = waiting.splice(best(), 1);
      if (next!.state !== 'waiting') continue;
      next!.state = 'running';
      running++;
      next!.start();
    }
  };

  return {
    request(start, rank = unranked) {
      const entry: Entry = { start, rank, state: 'waiting' };
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
