import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";

export function useRespond(artistId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, response, note }: { id: string; response: "accept" | "decline"; note?: string }) => api.post("/bookings/{id}/respond", { path: { id }, body: { response, note } }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["artists", artistId, "bookings"] }),
  });
}
