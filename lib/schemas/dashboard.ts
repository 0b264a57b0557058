import { z } from 'zod';

/** Dashboard users and sign-in: the forms, the server actions and `merchant:create` share these. */

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 cost barely depends on length, but a bound keeps a request from posting megabytes of it. */
export const MAX_PASSWORD_LENGTH = 256;

/** Trimmed and lower-cased: one account per address however it is typed. */
export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'Email address is too long')
  .pipe(z.email({ error: 'Enter a valid email address' }));

/** A password being set: 12 or more characters. */
export const newPasswordField = z
  .string({ error: 'Enter a password' })
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const newDashboardUserSchema = z.object({ email: emailField, password: newPasswordField });
export type NewDashboardUser = z.infer<typeof newDashboardUserSchema>;

/**
 * The sign-in form. The password is checked only for presence (its length rules would hint at why a
 * sign-in failed); `next` is where to go afterwards, kept only if it is a dashboard path.
 */
export const signInSchema = z.object({
  email: emailField,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`),
  next: z.string().max(2048).optional().catch(undefined),
});
export type SignInForm = z.infer<typeof signInSchema>;
