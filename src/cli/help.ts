/** Usage text; kept apart so `--help` output and the README reference stay easy to compare. */
export const MAIN_HELP = `sagebridge — governed Sage 300 <-> Sage Intacct sync, served as MCP tools

Usage:
  sagebridge <command> [options]

Commands:
  emulate intacct     Run the Sage Intacct XML-gateway emulator on loopback (sandbox)
  help                Show this help

Global options:
  --config FILE       JSON or YAML configuration (default: $SAGEBRIDGE_CONFIG, else sandbox defaults)
  -h, --help          Show help for a command
  -v, --version       Print the version

Run 'sagebridge <command> --help' for the options of one command.
`;

export const EMULATE_INTACCT_HELP = `Usage: sagebridge emulate intacct [options]

Serves the Sage Intacct XML gateway (POST /ia/xml/xmlgw.phtml) on 127.0.0.1 with a built-in company,
until SIGTERM or Ctrl-C.

Options:
  --port N              Port to listen on; 0 picks a free port (default 8901)
  --db FILE             SQLite file for the emulator's state (default: in memory)
  --latency-ms N        Added latency per request, in ms (default 0)
  --max-concurrent N    Requests in flight before HTTP 429 / GW-0010; 0 = unlimited (default 8)
  --session-timeout N   Sliding session duration in seconds (default 3600)
  --json                Print one JSON ready line with the endpoint and credentials
  -h, --help            Show this help
`;
