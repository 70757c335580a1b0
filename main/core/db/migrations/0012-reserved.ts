import type { Migration } from './index';

/**
 * Placeholder on the h-interop branch only: version 12 belongs to another branch being merged at
 * the same time. Migrations must be numbered without gaps, so this no-op stands in for it until
 * the merge, where it is dropped in favour of the real 0012.
 */
export const m0012Reserved: Migration = {
  version: 12,
  name: 'reserved',
  up() {
    // nothing: see above
  },
};
