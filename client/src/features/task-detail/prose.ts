import { cn } from "../../lib/cn";

// Typography for rendered markdown (no typography plugin in the build).
export const PROSE = cn(
  "min-w-0 break-words text-sm leading-6 text-zinc-800",
  "[&>*:first-child]:mt-0 [&>*:last-child]:mb-0 [&_p]:my-2",
  "[&_h1]:mb-2 [&_h1]:mt-4 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mb-2 [&_h2]:mt-4 [&_h2]:text-base [&_h2]:font-semibold",
  "[&_h3]:mb-1 [&_h3]:mt-3 [&_h3]:font-semibold [&_h4]:mt-3 [&_h4]:font-semibold",
  "[&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:my-0.5",
  "[&_li>input]:mr-1.5 [&_li:has(>input)]:list-none [&_ul:has(>li>input)]:pl-1",
  "[&_a]:font-medium [&_a]:text-indigo-700 [&_a]:underline [&_a]:decoration-indigo-300 [&_a]:underline-offset-2 hover:[&_a]:decoration-indigo-600",
  // A link whose URL the sanitiser removed (javascript: and the like) reads as plain text.
  "[&_a:not([href])]:font-normal [&_a:not([href])]:text-zinc-800 [&_a:not([href])]:no-underline",
  "[&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em]",
  "[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-zinc-900 [&_pre]:p-3 [&_pre]:text-zinc-100",
  "[&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_pre_code]:text-[0.8rem]",
  "[&_blockquote]:my-2 [&_blockquote]:border-l-2 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600",
  "[&_hr]:my-4 [&_hr]:border-zinc-200 [&_img]:max-w-full [&_img]:rounded-md",
  "[&_table]:my-3 [&_table]:block [&_table]:overflow-x-auto [&_th]:border [&_th]:border-zinc-200 [&_th]:bg-zinc-50 [&_th]:px-2 [&_th]:py-1 [&_td]:border [&_td]:border-zinc-200 [&_td]:px-2 [&_td]:py-1",
  "[&_.mention]:rounded [&_.mention]:bg-indigo-50 [&_.mention]:px-1 [&_.mention]:font-medium [&_.mention]:text-indigo-700",
  "[&_.mention-unknown]:bg-zinc-100 [&_.mention-unknown]:text-zinc-500",
  "[&_img[data-attachment-id]]:max-h-80 [&_.attachment-image]:inline-block",
  "[&_.attachment-removed]:italic [&_.attachment-removed]:text-zinc-500 [&_.attachment-pending]:text-zinc-500 [&_.attachment-loading]:text-zinc-500",
);
