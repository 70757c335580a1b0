// The worker threads one core owns for compare work: OpenCV (alignment and colour-checker
// detection, one thread so its wasm heap is loaded once) and drawing exported comparisons (sharp). Each starts on first use and ends after a
// minute idle; the core ends them all when it closes, so a closed core keeps no thread, and no
// decrypted pixels in one, alive.
import { ComposeService } from './compose-service';
import { OpenCvService } from './opencv-service';

export class CompareWorkers {
  readonly opencv = new OpenCvService();
  readonly compose = new ComposeService();

  /** Ends every one of them now; what they still had pending fails. */
  async stop(): Promise<void> {
    await Promise.all([this.opencv.stop(), this.compose.stop()]);
  }
}
