// Maps a failed gphoto2 run to one of the workstation's named error codes, so the UI can say what
// to do (switch the camera on, close the desktop importer, free the card) instead of showing
// gphoto2's text. Codes are libgphoto2's (gphoto2-result.h, gphoto2-port-result.h); texts are
// matched too because some camera drivers report only a PTP message.
import { CoreError, type ErrorCode } from '../../../../shared/errors';
import { parseFailure } from './parse';

const BY_RESULT_CODE: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [-105, 'CAMERA_NOT_DETECTED'], // GP_ERROR_MODEL_NOT_FOUND: "Could not detect any camera"
  [-52, 'CAMERA_DISCONNECTED'], // GP_ERROR_IO_USB_FIND: the device went away
  [-7, 'CAMERA_DISCONNECTED'], // GP_ERROR_IO
  [-34, 'CAMERA_DISCONNECTED'], // GP_ERROR_IO_READ
  [-35, 'CAMERA_DISCONNECTED'], // GP_ERROR_IO_WRITE
  [-53, 'CAMERA_BUSY'], // GP_ERROR_IO_USB_CLAIM: another process (gvfs, a photo importer) holds it
  [-60, 'CAMERA_BUSY'], // GP_ERROR_IO_LOCK
  [-110, 'CAMERA_BUSY'], // GP_ERROR_CAMERA_BUSY: "I/O in progress"
  [-115, 'CAMERA_CARD_FULL'], // GP_ERROR_NO_SPACE
  [-10, 'CAMERA_TIMEOUT'], // GP_ERROR_TIMEOUT
  [-6, 'CAMERA_UNSUPPORTED'], // GP_ERROR_NOT_SUPPORTED
]);

const BY_TEXT: ReadonlyArray<[RegExp, ErrorCode]> = [
  [/could not detect any camera|no camera found/i, 'CAMERA_NOT_DETECTED'],
  [/could not claim the usb device|could not lock the device|i\/o in progress|ptp access denied|session already opened/i, 'CAMERA_BUSY'],
  [/store full|not enough space|no space/i, 'CAMERA_CARD_FULL'],
  [/could not find the requested device|device not found|no such device|camera disconnected|i\/o problem|ptp i\/o error/i, 'CAMERA_DISCONNECTED'],
  [/timeout/i, 'CAMERA_TIMEOUT'],
  [/unsupported operation|can not capture|cannot capture/i, 'CAMERA_UNSUPPORTED'],
];

const MESSAGES: Readonly<Partial<Record<ErrorCode, string>>> = {
  CAMERA_NOT_DETECTED: 'No tethered camera was found.',
  CAMERA_BUSY: 'Another program is using the camera.',
  CAMERA_CARD_FULL: "The camera's memory card is full.",
  CAMERA_DISCONNECTED: 'The camera was disconnected during the transfer.',
  CAMERA_TIMEOUT: 'The camera did not answer in time.',
  CAMERA_UNSUPPORTED: 'This camera cannot do that over USB.',
  CAPTURE_FAILED: 'The camera did not deliver a photo.',
};

export function classifyFailure(stderr: string): ErrorCode {
  const failure = parseFailure(stderr);
  // Text first: a PTP message is more specific than the generic result code that follows it.
  for (const message of failure.messages) for (const [re, code] of BY_TEXT) if (re.test(message)) return code;
  if (failure.resultCode !== null) return BY_RESULT_CODE.get(failure.resultCode) ?? 'CAPTURE_FAILED';
  return 'CAPTURE_FAILED';
}

export const cameraError = (code: ErrorCode): CoreError => new CoreError(code, MESSAGES[code] ?? 'The camera reported a problem.');
