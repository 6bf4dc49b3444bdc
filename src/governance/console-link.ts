/** The transport label (`CallIo.via`) of the web console; tools restricted to it are never listed or callable elsewhere. */
export const CONSOLE_TRANSPORT = 'console';

/** Where the server's pages are reached: the configured public URL, else what the transport listens at, else host and port. */
export function publicBase(
  server: { readonly publicUrl?: string | undefined; readonly host: string; readonly port: number },
  listening?: string,
): string {
  const configured = server.publicUrl ?? listening;
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return `http://${host}:${server.port}`;
}

/** The console page of one change set, where its requester confirms it or an approver approves it. */
export const changeSetPage = (base: string, id: number): string => `${base}/console/change-sets/${id}`;
