import { parseEnv } from "../../src/config/env";
import { passwordProblems } from "../../src/modules/auth/password";

describe("configuration", () => {
  it("applies defaults (embedded mode, port 3000, bcrypt cost 12)", () => {
    const c = parseEnv({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.BCRYPT_COST).toBe(12);
    expect(c.APP_URL).toBe("http://localhost:3000");
    expect(c.DATA_DIR).toMatch(/\/data$/);
    expect(c.TRUST_PROXY).toBe(false);
  });

  it("names every bad variable", () => {
    expect(() => parseEnv({ PORT: "abc", DATABASE_URL: "mysql://x", REDIS_URL: "http://x" })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*REDIS_URL/);
    expect(() => parseEnv({ JWT_SECRET: "short" })).toThrow(/JWT_SECRET/);
  });

  it("requires JWT_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/JWT_SECRET: required/);
    expect(parseEnv({ NODE_ENV: "production", JWT_SECRET: "x".repeat(32), ENCRYPTION_KEY: "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=" }).isProduction).toBe(true);
  });

  it("parses TRUST_PROXY forms and CORS_ORIGINS lists", () => {
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
    expect(parseEnv({ CORS_ORIGINS: "https://a.example, https://b.example" }).CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
  });

  it("treats empty optional values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: " " }).DATABASE_URL).toBeUndefined();
  });
});

describe("password policy", () => {
  it.each([
    ["Correct-horse-42", []],
    ["correcthorse42", []],
    ["short1A", ["at least 10"]],
    ["alllowercaseletters", ["at least two"]],
    ["1234567890123", ["at least two"]],
    ["ada@example.com", ["not be your email"]],
    ["ä".repeat(40), ["at most 72 bytes", "at least two"]],
  ])("%s", (password, expected) => {
    const problems = passwordProblems(password, "ada@example.com");
    expect(problems.length).toBe(expected.length);
    expected.forEach((e, i) => expect(problems[i]).toContain(e.replace("not be", "must not be").replace("must must", "must")));
  });
});
