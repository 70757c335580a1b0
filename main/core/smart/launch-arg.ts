// How an EHR launch reaches this native app: the EHR (or its launcher) starts
// `clinic-photo --smart-launch "iss=<FHIR base URL>&launch=<opaque>"`. If the app is already
// running, Electron's single-instance lock hands that command line to the running instance
// ('second-instance'), which passes it to the core; the development shell takes the same flag.
// A `clinic-photo://launch?iss=…&launch=…` URL argument (a custom scheme an OS may register) is
// read the same way. The values are an issuer URL and an opaque token: never PHI.
export const SMART_LAUNCH_FLAG = '--smart-launch';
const SCHEME_PREFIX = 'clinic-photo://launch?';

/** The launch query in a command line, or null when it carries none. */
export function smartLaunchFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === SMART_LAUNCH_FLAG) return argv[i + 1] ?? null;
    if (arg.startsWith(`${SMART_LAUNCH_FLAG}=`)) return arg.slice(SMART_LAUNCH_FLAG.length + 1);
    if (arg.startsWith(SCHEME_PREFIX)) return arg.slice(SCHEME_PREFIX.length);
  }
  return null;
}

/** Only web addresses go to the system browser (never file:, javascript: or a custom scheme). */
export function isBrowsableUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
