/**
 * A read from Sage 300 or Sage Intacct that failed because the system did not answer usably (unreachable, timed out,
 * throttled, session lost) or refused the integration's credentials. Connectors throw it from planning reads; the
 * governor turns it into `upstream_unavailable` (or `configuration` for credentials), never `internal`.
 */
export class UpstreamError extends Error {
  constructor(
    /** The system, as a person names it: "Sage Intacct", "Sage 300". */
    readonly system: string,
    /** `unreachable`: try again later; `credentials`: the configured login was refused. */
    readonly reason: 'unreachable' | 'credentials',
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
