// The core's only logger. It records event names and error codes, never PHI: callers pass a fixed
// event name and a small set of non-identifying fields; free text from users never goes here.
export type LogFields = Readonly<Record<string, string | number | boolean>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  error(event: string, error: unknown, fields?: LogFields): void;
}

export const stderrLogger: Logger = {
  info(event, fields) {
    process.stderr.write(`${JSON.stringify({ level: 'info', event, ...fields })}\n`);
  },
  error(event, error, fields) {
    // Error messages from libraries can echo values; keep only the error's class and code.
    const e = error as { name?: unknown; code?: unknown };
    process.stderr.write(`${JSON.stringify({ level: 'error', event, errorName: String(e?.name ?? 'Error'), errorCode: String(e?.code ?? ''), ...fields })}\n`);
  },
};

export const silentLogger: Logger = { info() {}, error() {} };
