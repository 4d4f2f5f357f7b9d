// Drives an MCP server with the official TypeScript SDK's client over stdio:
// node mcp-client.mjs CALLS_JSON -- COMMAND ARGS...
// CALLS_JSON is [{"tool": name, "args": {...}}, ...]; prints one JSON line
// per call: {"tool", "isError", "structured", "error"}, after the tool names.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const sep = process.argv.indexOf("--");
const calls = JSON.parse(process.argv[2]);
const [command, ...args] = process.argv.slice(sep + 1);
const client = new Client({ name: "ts-sdk-interop", version: "1" });
await client.connect(new StdioClientTransport({ command, args, stderr: "inherit" }));
const { tools } = await client.listTools();
console.log(JSON.stringify({ tools: tools.map((t) => t.name).sort() }));
for (const c of calls) {
  try {
    const r = await client.callTool({ name: c.tool, arguments: c.args });
    console.log(JSON.stringify({ tool: c.tool, isError: !!r.isError, structured: r.structuredContent ?? null }));
  } catch (e) {
    console.log(JSON.stringify({ tool: c.tool, error: String(e.message ?? e) }));
  }
}
await client.close();
