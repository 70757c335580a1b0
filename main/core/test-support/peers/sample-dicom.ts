// Small valid DICOM files for peer tests and the sync bench, made independently of the app's own
// builder: a JPEG from sharp wrapped by dcmtk's img2dcm as a VL Photographic Image (JPEG baseline,
// the JPEG bytes unchanged), with fresh UIDs per call.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { requireExecutable } from './processes';

const run = promisify(execFile);
export const IMG2DCM = '/usr/bin/img2dcm';

export interface SampleDicom {
  bytes: Buffer;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

/** Wraps a baseline JPEG as a VL Photographic Image for the given patient. */
export async function wrapJpegAsDicom(jpeg: Buffer, patient: { patientId: string; patientName?: string }): Promise<SampleDicom> {
  requireExecutable(IMG2DCM, 'dcmtk');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sample-dicom-'));
  try {
    const input = path.join(dir, 'in.jpg');
    const output = path.join(dir, 'out.dcm');
    await writeFile(input, jpeg);
    await run(IMG2DCM, ['-vlp', '-i', 'JPEG', '-k', `PatientID=${patient.patientId}`, '-k', `PatientName=${patient.patientName ?? 'Test^Peer'}`, input, output]);
    const { stdout } = await run('dcmdump', ['-q', '+P', 'SOPInstanceUID', '+P', 'StudyInstanceUID', '+P', 'SeriesInstanceUID', output]);
    const uid = (tag: string) => {
      const match = new RegExp(`\\(${tag}\\) UI \\[([0-9.]+)\\]`).exec(stdout);
      if (!match) throw new Error(`img2dcm wrote no ${tag}`);
      return match[1]!;
    };
    return {
      bytes: await readFile(output),
      sopInstanceUid: uid('0008,0018'),
      studyInstanceUid: uid('0020,000d'),
      seriesInstanceUid: uid('0020,000e'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A small photo-like JPEG (a gradient with noise) wrapped as DICOM. */
export async function makeSampleDicom(patientId: string, size = { width: 320, height: 240 }): Promise<SampleDicom> {
  const jpeg = await sharp({ create: { width: size.width, height: size.height, channels: 3, background: '#b08070', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 85, chromaSubsampling: '4:2:0' })
    .toBuffer();
  return await wrapJpegAsDicom(jpeg, { patientId });
}
