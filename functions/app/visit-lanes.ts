import type { LoadedVisit } from '../core/handle-command';

/**
 * One lane per visit in this process: the writes to one visit's stream take turns instead of racing
 * for its next version. Fifty people writing to one visit at once otherwise each read the stream,
 * one wins the conditional write, and the other forty-nine read and try again, round after round:
 * the work grows with the square of the crowd and a call for help waits its turn by luck.
 *
 * - A call for help (`urgent`) goes ahead of every ordinary write still waiting (after the calls for
 *   help already waiting, in the order they came).
 * - The lane keeps the stream as its last writer left it, so the next one reads only what was
 *   written since (catchUp: usually nothing), not the whole stream. It is dropped when the lane
 *   empties, so an idle visit holds no memory here. (So an edit to an older item made while a
 *   lane is busy is met by the next read of the whole stream, a moment later, not by this burst.)
 * - Only this process's writers queue here. Another process (another Lambda instance, a workflow
 *   step) may still append first; handleCommand's expected version and catch-up keep that correct.
 *   On AWS each Lambda instance serves one request at a time, so there the catch-up does the work.
 *
 * @example
 * const lanes = visitLanes();
 * const version = await lanes.run('visit-1', true, async (stream) => ({ result: stream?.state.version ?? 0 }));
 */

export interface LaneTurn<T> {
  readonly result: T;
  /** The whole stream as this turn left it, for the next turn to catch up from. */
  readonly stream?: LoadedVisit;
}

interface Lane {
  busy: boolean;
  stream?: LoadedVisit;
  readonly urgent: (() => void)[];
  readonly ordinary: (() => void)[];
}

export interface VisitLanes {
  /** Run `turn` when it is this write's turn on `visitId`; `stream` is the last turn's stream, if the lane kept one. */
  run<T>(visitId: string, urgent: boolean, turn: (stream: LoadedVisit | undefined) => Promise<LaneTurn<T>>): Promise<T>;
  /** Visits with a lane right now (each is dropped when its last write is done). */
  readonly size: number;
}

export function visitLanes(): VisitLanes {
  const lanes = new Map<string, Lane>();

  function next(visitId: string, lane: Lane): void {
    const waiting = lane.urgent.shift() ?? lane.ordinary.shift();
    if (waiting) return waiting();
    lane.busy = false;
    lanes.delete(visitId);
  }

  return {
    get size() {
      return lanes.size;
    },
    async run(visitId, urgent, turn) {
      let lane = lanes.get(visitId);
      if (!lane) {
        lane = { busy: false, urgent: [], ordinary: [] };
        lanes.set(visitId, lane);
      }
      if (lane.busy) await new Promise<void>((resolve) => (urgent ? lane!.urgent : lane!.ordinary).push(resolve));
      lane.busy = true;
      try {
        const { result, stream } = await turn(lane.stream);
        lane.stream = stream;
        return result;
      } catch (error) {
        // What the failed turn saw is not known to be the stream: the next turn reads it whole.
        lane.stream = undefined;
        throw error;
      } finally {
        next(visitId, lane);
      }
    },
  };
}
