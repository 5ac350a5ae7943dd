import { defineFeature } from '../../platform/features/feature';
import { authRoutes } from './auth.routes';

/** Sign-in, sign-out, the signed-in user (`/api/auth/me`), password changes. */
export const authFeature = defineFeature({ name: 'auth', routes: [authRoutes] });
