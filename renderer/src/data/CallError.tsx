// The one way a failed call is shown: the sentence for its code (app/errors.ts), announced as an
// alert. Validation failures with field problems show nothing here; their fields say it.
import type { BridgeError } from '../../../shared/result';
import { describeError } from '../app/errors';
import { ErrorMessage } from '../components/Notice';

export function CallError({ error }: { readonly error: BridgeError | null }) {
  return <ErrorMessage>{describeError(error).message}</ErrorMessage>;
}
