import { History } from "lucide-react";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { describeActivity, type ActivityNames } from "./activity-text";
import { useActivity } from "./task-detail.api";

/** Everything that happened to the task, oldest first: who, what, before → after, when. */
export function ActivitySection({ taskId, names }: { taskId: string; names: ActivityNames }) {
  const activity = useActivity(taskId);
  const entries = activity.data?.pages.flatMap((p) => p.data) ?? [];
  const total = activity.data?.pages.at(-1)?.meta?.total ?? entries.length;

  if (activity.isPending) {
    return (
      <div className="flex items-center gap-2 py-4 text-sm text-zinc-500">
        <Spinner className="size-4" /> Loading activity…
      </div>
    );
  }
  if (activity.isError) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Couldn't load the activity: {errorMessage(activity.error)}{" "}
        <button type="button" className="font-medium underline" onClick={() => void activity.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  if (entries.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 py-6 text-center">
        <History className="size-5 text-zinc-300" aria-hidden />
        <p className="text-sm text-zinc-500">Nothing has happened yet.</p>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <ol className="relative space-y-3 before:absolute before:inset-y-1 before:left-3 before:w-px before:bg-zinc-200" data-testid="activity">
        {entries.map((entry) => {
          const actor = entry.actorId ? (names.person(entry.actorId) ?? "A former member") : "TeamFlow";
          const line = describeActivity(entry, names);
          return (
            <li key={entry.id} className="relative flex items-start gap-3 text-sm" data-testid="activity-entry">
              <Avatar name={actor} seed={entry.actorId ?? "system"} size="sm" className="size-6 text-[10px] ring-4 ring-white" />
              <p className="min-w-0 flex-1 pt-0.5 text-zinc-600">
                <span className="font-medium text-zinc-900">{actor}</span> {line.what}
                {line.from !== undefined ? (
                  <>
                    <span className="sr-only"> from</span>{" "}
                    <span className="text-zinc-500 line-through decoration-zinc-300">{line.from}</span>
                    <span aria-hidden> → </span>
                    <span className="sr-only"> to </span>
                    <span className="font-medium text-zinc-900">{line.to}</span>
                  </>
                ) : null}
                <span className="text-zinc-400"> · </span>
                <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)} className="text-zinc-500">
                  {formatRelative(entry.createdAt)}
                </time>
              </p>
            </li>
          );
        })}
      </ol>
      {activity.hasNextPage ? (
        <Button variant="secondary" size="sm" loading={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()}>
          Load more activity ({total - entries.length} more)
        </Button>
      ) : null}
    </div>
  );
}
