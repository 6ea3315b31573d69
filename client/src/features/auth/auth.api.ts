import { api } from "../../lib/api";
import type { AuthResult } from "../../lib/types";

export interface LoginInput {
  email: string;
  password: string;
}

export interface RegisterInput extends LoginInput {
  name: string;
}

export const login = (input: LoginInput) => api.post<AuthResult>("/auth/login", input);

export const register = (input: RegisterInput) => api.post<AuthResult>("/auth/register", input);
