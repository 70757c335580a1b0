// Upload sizes for the kill tests: objects from 6 MiB go multipart in 5 MiB parts (S3's and
// Swift's smallest part), so a camera-sized photo is uploaded in parts a kill can fall between.
import type { UploadOptions } from './upload';

export const KILL_TEST_UPLOADS: UploadOptions = { multipartThreshold: 6 << 20, partSize: 5 << 20, concurrency: 2 };
