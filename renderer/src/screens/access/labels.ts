// Words for the access screens' codes: break-glass and restriction categories (the core keeps the
// codes in shared/channels/access.ts; the words are catalogue keys access.breakGlass.* and
// access.restriction.*), and staff roles.
import { BREAK_GLASS_CATEGORIES, RESTRICTION_CATEGORIES } from '../../../../shared/channels/access';
import type { Role } from '../../../../shared/permissions';
import type { Translate } from '../../i18n';

type T = Translate;

/** A category this version does not know (a newer core's) shows as its code. */
const isBreakGlassCategory = (value: string): value is (typeof BREAK_GLASS_CATEGORIES)[number] => (BREAK_GLASS_CATEGORIES as readonly string[]).includes(value);

export const breakGlassCategoryLabel = (t: T, category: string): string => (isBreakGlassCategory(category) ? t(`access.breakGlass.category.${category}`) : category);

export const restrictionCategoryLabel = (t: T, category: (typeof RESTRICTION_CATEGORIES)[number]): string => t(`access.restriction.category.${category}`);

/** A staff role's name, the same words as the header's (app.role.*). */
export const roleLabel = (t: T, role: Role): string => t(`app.role.${role}`);
