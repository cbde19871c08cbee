-- wrk script: POST a rating form to the paths listed in the file $BENCH_PATHS, in turn,
-- as the members listed in the file $BENCH_SESSIONS (one a line: the Cookie header's value,
-- a tab, the session's CSRF token), in turn: request n is member n mod members on path
-- n mod paths. The form is the file $BENCH_BODY (application/x-www-form-urlencoded) with
-- "@CSRF@" where the member's token goes.
local f = assert(io.open(os.getenv("BENCH_BODY"), "r"))
local body = f:read("*a"):gsub("%s+$", "")
f:close()
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
	if line ~= "" then
		paths[#paths + 1] = line
	end
end
local sessions = {}
for line in io.lines(os.getenv("BENCH_SESSIONS")) do
	local cookie, token = line:match("^([^\t]*)\t(.*)$")
	if cookie then
		local b = body:gsub("@CSRF@", function() return token end)
		sessions[#sessions + 1] = {cookie = cookie, body = b}
	end
end
local threads = {}
local nthreads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1") or 1

function setup(thread)
	thread:set("id", #threads)
	threads[#threads + 1] = thread
end

local n = 0

function request()
	local i = (id or 0) + n * nthreads
	n = n + 1
	local s = sessions[i % #sessions + 1]
	-- Members in turn, and each member through the proposals in turn.
	local path = paths[math.floor(i / #sessions) % #paths + 1]
	return wrk.format("POST", path, {
		["Cookie"] = s.cookie,
		["Content-Type"] = "application/x-www-form-urlencoded",
	}, s.body)
end
