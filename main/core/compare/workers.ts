// The worker threads one core owns for compare work: alignment (OpenCV), colour-checker detection
// (OpenCV) and drawing exported comparisons (sharp). Each starts on first use and ends after a
// minute idle; the core ends them all when it closes, so a closed core keeps no thread, and no
// decrypted pixels in one, alive.
import { AlignService } from './align-service';
import { CheckerWorker } from './checker-service';
import { ComposeService } from './compose-service';

export class CompareWorkers {
  readonly align = new AlignService();
  readonly checker = new CheckerWorker();
  readonly compose = new ComposeService();

  /** Ends every one of them now; what they still had pending fails. */
  async stop(): Promise<void> {
    await Promise.all([this.align.stop(), this.checker.stop(), this.compose.stop()]);
  }
}
