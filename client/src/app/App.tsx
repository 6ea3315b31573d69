import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RouterProvider } from "react-router-dom";
import { Toaster } from "sonner";
import { createQueryClient } from "../lib/query-client";
import { router } from "./router";

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      {/* Below the top bar, so the bell and presence stay visible. */}
      <Toaster position="top-right" offset={{ top: 72 }} richColors closeButton toastOptions={{ duration: 4000 }} />
    </QueryClientProvider>
  );
}
