// USB webcams through Chromium's own media stack: device list (after permission, so labels are
// filled in), a live stream at the highest resolution the camera offers, and a full-resolution
// still via ImageCapture.takePhoto where available, else the current video frame as a JPEG.
// Bytes leave here as base64 for the bridge; nothing is stored in the renderer.

export interface WebcamDevice {
  readonly deviceId: string;
  readonly label: string;
}

/** The parts of the Image Capture API we use (not yet in TypeScript's DOM library). */
interface ImageCaptureLike {
  takePhoto(settings?: { imageWidth?: number; imageHeight?: number }): Promise<Blob>;
  getPhotoCapabilities(): Promise<{ imageWidth?: { max?: number }; imageHeight?: { max?: number } }>;
  grabFrame(): Promise<ImageBitmap>;
}
type ImageCaptureCtor = new (track: MediaStreamTrack) => ImageCaptureLike;

export async function listWebcams(): Promise<WebcamDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  let devices = await navigator.mediaDevices.enumerateDevices();
  // Labels (and sometimes ids) are hidden until the page has camera permission once.
  if (devices.some((d) => d.kind === 'videoinput' && !d.label)) {
    try {
      const probe = await navigator.mediaDevices.getUserMedia({ video: true });
      for (const t of probe.getTracks()) t.stop();
      devices = await navigator.mediaDevices.enumerateDevices();
    } catch {
      return [];
    }
  }
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Webcam ${i + 1}` }));
}

export function openWebcam(deviceId: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { deviceId: { exact: deviceId }, width: { ideal: 3840 }, height: { ideal: 2160 } },
  });
}

export interface Still {
  readonly blob: Blob;
  readonly method: 'takePhoto' | 'grabFrame' | 'video';
}

/** A still at the sensor's full photo resolution where the camera supports it. */
export async function takeStill(stream: MediaStream, video: HTMLVideoElement): Promise<Still> {
  const track = stream.getVideoTracks()[0];
  const Ctor = (globalThis as unknown as { ImageCapture?: ImageCaptureCtor }).ImageCapture;
  if (track && Ctor) {
    const capture = new Ctor(track);
    try {
      const caps = await capture.getPhotoCapabilities();
      const width = caps.imageWidth?.max;
      const height = caps.imageHeight?.max;
      const blob = await capture.takePhoto(width && height ? { imageWidth: width, imageHeight: height } : undefined);
      if (blob.size > 0) return { blob, method: 'takePhoto' };
    } catch {
      // Fall through to the video frame: not every driver implements takePhoto.
    }
    try {
      const bitmap = await capture.grabFrame();
      return { blob: await toJpeg(bitmap, bitmap.width, bitmap.height), method: 'grabFrame' };
    } catch {
      // Fall through.
    }
  }
  return { blob: await toJpeg(video, video.videoWidth, video.videoHeight), method: 'video' };
}

/** One downscaled frame of the live view, for barcode decoding in the core. */
export async function frameForDecoding(video: HTMLVideoElement, maxSide = 1280): Promise<string> {
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
  const blob = await toJpeg(video, Math.round(video.videoWidth * scale), Math.round(video.videoHeight * scale), 0.85);
  return blobToBase64(blob);
}

async function toJpeg(source: CanvasImageSource, width: number, height: number, quality = 0.95): Promise<Blob> {
  if (!width || !height) throw new Error('no video frame yet');
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas');
  g.drawImage(source, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  // Release the pixels now rather than at the next garbage collection.
  canvas.width = 0;
  canvas.height = 0;
  if (!blob) throw new Error('could not encode the frame');
  return blob;
}

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  bytes.fill(0);
  return btoa(binary);
}

export function base64ToBlob(b64: string, type: string): Blob {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}
