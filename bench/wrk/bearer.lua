-- wrk -t2 -c16 -d20s -s bench/wrk/bearer.lua "http://127.0.0.1:5080/api/v1/organizations"
-- TOKEN from POST /api/v1/tokens (see bench/README.md)
local token = os.getenv("TOKEN") or ""
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
function response(status, headers, body)
  if status ~= 200 then io.stderr:write("status " .. status .. "\n") end
end
