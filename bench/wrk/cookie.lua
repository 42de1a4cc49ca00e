-- wrk -t2 -c100 -d60s -s bench/wrk/cookie.lua "http://127.0.0.1:5080/"
-- COOKIE: the bastion.auth cookie of a signed-in account, "bastion.auth=…" (bench/load.sh signs in and sets it)
dofile("bench/wrk/counts.lua")
wrk.headers["Cookie"] = os.getenv("COOKIE") or ""
wrk.headers["Accept"] = "text/html"
