import { z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";
import { mailer } from "./email";

export const emailPayload = z.object({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string().max(100_000),
  html: z.string().max(500_000),
});

/** Sends one email over SMTP (retried with backoff by the queue). */
export const sendEmailJob = (ctx: AppContext) =>
  defineJob({
    name: "email.send",
    queue: "email",
    schema: emailPayload,
    attempts: 6,
    backoffMs: 5000,
    perform: async (message) => {
      const transport = mailer(ctx.config);
      if (!transport) return { skipped: "SMTP_URL not configured" };
      const info = await transport.sendMail({ from: ctx.config.EMAIL_FROM, ...message });
      return { messageId: info.messageId };
    },
  });
