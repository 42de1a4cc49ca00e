-- Shared by cookie.lua, bearer.lua and health.lua (loaded with dofile, wrk runs from the repository root):
-- counts every answer that is not 2xx (wrk's own "Non-2xx or 3xx" line misses a 302 to the sign-in page)
-- and prints one machine-readable line at the end for bench/load.sh.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; first_bad = "" end
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if first_bad == "" then first_bad = tostring(status) end
  end
end
function done(summary, latency, requests)
  local total_bad, example = 0, ""
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    if example == "" then example = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f non2xx=%d first_non2xx=%s connect=%d read=%d write=%d timeout=%d status=%d p50ms=%.1f p99ms=%.1f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), total_bad,
    example == "" and "-" or example, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
