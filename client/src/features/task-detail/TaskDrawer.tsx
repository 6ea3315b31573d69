/** Placeholder while the drawer is being built. */
export function TaskDrawer({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Task">
      {taskId}
      <button onClick={onClose}>Close</button>
    </div>
  );
}
