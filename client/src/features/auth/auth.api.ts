import { api, type Schema } from "../../lib/api";

export type LoginInput = Schema<"LoginRequest">;
export type RegisterInput = Schema<"RegisterRequest">;

export const login = (input: LoginInput) => api.post("/auth/login", { body: input });

export const register = (input: RegisterInput) => api.post("/auth/register", { body: input });
