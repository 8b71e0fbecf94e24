-- wrk: every request is one MCP tools/call (Streamable HTTP, 2025-11-25) on the session that
-- bench/lib.sh opened with curl before. Environment:
--   MCP_SESSION   the Mcp-Session-Id of that session
--   MCP_TOOL      the tool to call (echo, read_file, write_file)
--   MCP_ARGS      its arguments as JSON; "%n" in them becomes a number of the thread and a
--                 counter modulo MCP_FILES/2 (default 50), so that a write_file run replaces
--                 MCP_FILES files in turn (as many as connections, as the disk ceiling's writers)
--   MCP_TOKEN     a bearer token, when the server asks for one
-- done() prints the lines bench/lib.sh reads: "calls/s", "p50/p99" and "errors".
local tool = os.getenv("MCP_TOOL") or "echo"
local args = os.getenv("MCP_ARGS") or '{"text":"echo"}'
local varies = args:find("%%n") ~= nil
local files = math.max(1, math.floor((tonumber(os.getenv("MCP_FILES")) or 100) / 2))

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
if os.getenv("MCP_TOKEN") and os.getenv("MCP_TOKEN") ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MCP_TOKEN")
end

-- Globals, so that setup() and done() reach them through thread:set and thread:get.
counter, prefix, failed = 0, 0, 0

local function body(n)
  local a = varies and args:gsub("%%n", tostring(prefix + n % files)) or args
  return '{"jsonrpc":"2.0","id":' .. n .. ',"method":"tools/call","params":{"name":"' .. tool
    .. '","arguments":' .. a .. '}}'
end
wrk.body = body(1)

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("prefix", #threads * 1000000)
end

function request()
  if not varies then
    return wrk.format()
  end
  counter = counter + 1
  return wrk.format(nil, nil, nil, body(counter))
end

-- A tool's refusal is a 200 with "isError":true; JSON-RPC errors carry "error".
function response(status, headers, text)
  if status ~= 200 or text:find('"isError":true', 1, true) or text:find('"error":{', 1, true) then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("failed") or 0)
  end
  local seconds = summary.duration / 1e6
  -- Non-200 answers are counted by response() already.
  errors = errors + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("calls/s %.1f\n", summary.requests / seconds))
  io.write(string.format("p50/p99 ms %.2f %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
  io.write(string.format("errors %d of %d\n", errors, summary.requests))
end
