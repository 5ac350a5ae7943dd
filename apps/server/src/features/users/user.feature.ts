import { defineFeature } from '../../platform/features/feature';
import { roleRoutes } from './role.routes';
import { userRoutes } from './user.routes';

/** Accounts, grants (a role on a unit subtree) and the office's custom roles. */
export const userFeature = defineFeature({ name: 'users', routes: [userRoutes, roleRoutes] });
