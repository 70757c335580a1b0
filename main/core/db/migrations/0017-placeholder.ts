import type { Migration } from './index';

/**
 * TEMPORARY, branch h-corrections only: stands in for the lead's migration 0017 (locale
 * preferences) until it lands on main, so that 0018 can run here. Remove at merge.
 */
export const m0017Placeholder: Migration = {
  version: 17,
  name: 'placeholder',
  up() {
    // Nothing: the lead's 0017 replaces this file.
  },
};
