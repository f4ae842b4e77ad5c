/**
 * The accounts module's API shapes, in zod: staff login and session, password change, the staff
 * list. The routes validate and answer with them; the web reads their types. Pure: zod and the
 * shared text type only.
 */
import { z } from 'zod';
import { email, line, text } from '../../platform/validation/text';

export const PASSWORD_MIN_LENGTH = 12;
/** Argon2 accepts any length; the cap only keeps a request from making the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 256;

export const ROLES = ['admin', 'agent', 'moderator', 'analyst'] as const;
export const roleSchema = z.enum(ROLES);

export const staffUserSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: roleSchema });

export const userSummarySchema = staffUserSchema.extend({
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  throttledUntil: z.string().nullable().describe('Until when logins from addresses the account has not used are delayed'),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const sessionSchema = z.object({ user: staffUserSchema, csrfToken: z.string(), mustChangePassword: z.boolean() });
export const meSchema = sessionSchema.extend({ permissions: z.array(z.string()) });

// Never trimmed: a space at either end is part of a password. (Passwords are NFKC-normalised before
// hashing, so the text type's NFC changes no password that already works.)
const passwordSchema = text({ max: PASSWORD_MAX_LENGTH, min: 1, trim: false });
const newPasswordSchema = text({ max: PASSWORD_MAX_LENGTH, min: PASSWORD_MIN_LENGTH, trim: false });
const displayNameSchema = line(100);

// Not checked as an address: whatever was typed gets the same answer as a wrong password.
export const loginBody = z.strictObject({ email: line(254), password: passwordSchema });
export const changePasswordBody = z.strictObject({ currentPassword: passwordSchema, newPassword: newPasswordSchema });
export const createUserBody = z.strictObject({
  email: email(254),
  displayName: displayNameSchema,
  role: roleSchema,
  password: newPasswordSchema,
});
export const updateUserBody = z.strictObject({ displayName: displayNameSchema.optional(), role: roleSchema.optional() });
// A bare POST carries no body at all (null), which asks for a generated password.
export const resetPasswordBody = z.strictObject({ password: newPasswordSchema.optional() }).nullish();

export const userParams = z.strictObject({ id: z.uuid() });
export const userResponseSchema = z.object({ user: userSummarySchema });
export const userListSchema = z.object({ users: z.array(userSummarySchema) });
export const temporaryPasswordSchema = z.object({ temporaryPassword: z.string() });

export type Role = z.infer<typeof roleSchema>;
export type StaffUser = z.infer<typeof staffUserSchema>;
export type UserSummary = z.infer<typeof userSummarySchema>;
export type Session = z.infer<typeof sessionSchema>;
export type Me = z.infer<typeof meSchema>;
export type LoginBody = z.infer<typeof loginBody>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type CreateUserBody = z.infer<typeof createUserBody>;
export type UserList = z.infer<typeof userListSchema>;
export type UserResponse = z.infer<typeof userResponseSchema>;
export type TemporaryPassword = z.infer<typeof temporaryPasswordSchema>;
