import { formatDate } from "../../lib/format";
import { TASK_PRIORITY_LABEL, TASK_STATUS_LABEL, type TaskPriority, type TaskStatus } from "../tasks/tasks.api";
import type { ActivityEntry } from "../../lib/types";

/** Names for the ids an activity entry carries (people, labels, sprints). */
export interface ActivityNames {
  person: (userId: string) => string | undefined;
  label: (labelId: string) => string | undefined;
  sprint: (sprintId: string) => string | undefined;
}

/** One timeline line: "changed status", optionally "from → to". */
export interface ActivityLine {
  what: string;
  from?: string;
  to?: string;
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const list = (names: (string | undefined)[]) => names.map((n) => n ?? "a former member").join(", ");
const none = "none";
const FIELD_LABEL: Record<string, string> = { storyPoints: "story points", dueDate: "due date", sprintId: "sprint" };

function fieldValue(field: string, value: unknown, names: ActivityNames): string {
  if (value === null || value === undefined || value === "") return none;
  switch (field) {
    case "status":
      return TASK_STATUS_LABEL[value as TaskStatus] ?? String(value);
    case "priority":
      return TASK_PRIORITY_LABEL[value as TaskPriority] ?? String(value);
    case "dueDate":
      return formatDate(String(value));
    case "sprintId":
      return names.sprint(String(value)) ?? "a sprint";
    case "title":
      return `“${String(value)}”`;
    default:
      return String(value);
  }
}

/** Added and removed ids of a list field (assignees, labels) as words. */
function listChange(before: unknown, after: unknown, name: (id: string) => string | undefined, added: string, removed: string): string {
  const b = ids(before);
  const a = ids(after);
  const plus = a.filter((id) => !b.includes(id));
  const minus = b.filter((id) => !a.includes(id));
  const parts = [];
  if (plus.length) parts.push(`${added} ${list(plus.map(name))}`);
  if (minus.length) parts.push(`${removed} ${list(minus.map(name))}`);
  return parts.join(" and ") || "changed nothing";
}

/** The file name an attachment entry carries (`{ attachmentId, fileName }`). */
function fileNameOf(value: unknown): string {
  const name = (value as { fileName?: unknown } | null)?.fileName;
  return typeof name === "string" && name ? name : "a file";
}

export function describeActivity(entry: ActivityEntry, names: ActivityNames): ActivityLine {
  const { action, field, before, after } = entry;
  switch (action) {
    case "created":
      return { what: "created the task" };
    case "deleted":
      return { what: "deleted the task" };
    case "restored":
      return { what: "restored the task" };
    case "commented":
      return { what: "commented" };
    case "comment_deleted":
      return { what: "deleted a comment" };
    case "attachment_added":
      return { what: `attached ${fileNameOf(after)}${(after as { entityType?: string } | null)?.entityType === "comment" ? " to a comment" : ""}` };
    case "attachment_removed":
      return { what: `removed the file ${fileNameOf(before)}` };
  }
  switch (field) {
    case "assignees":
      return { what: listChange(before, after, names.person, "assigned", "unassigned") };
    case "labels":
      return { what: listChange(before, after, (id) => names.label(id) ?? "a deleted label", "added label", "removed label") };
    case "description":
      return { what: !before ? "added a description" : !after ? "removed the description" : "edited the description" };
    case "parentId":
      return { what: after ? "made this a subtask" : "made this a top-level task" };
    case null:
      return { what: action };
  }
  const label = FIELD_LABEL[field] ?? field;
  return { what: `changed ${label}`, from: fieldValue(field, before, names), to: fieldValue(field, after, names) };
}
