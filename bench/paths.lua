-- wrk script: GET the paths listed in the file $BENCH_PATHS (one a line), in turn.
-- With BENCH_BUST=1 each request gets a parameter of its own ("_b=N", which the pages
-- ignore), so no two requests share an address and no page cache can answer: what is
-- measured is the work of a first visit.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
	if line ~= "" then
		paths[#paths + 1] = line
	end
end
local bust = os.getenv("BENCH_BUST") == "1"
local n = 0

request = function()
	n = n + 1
	local path = paths[(n - 1) % #paths + 1]
	if bust then
		path = path .. (path:find("?", 1, true) and "&" or "?") .. "_b=" .. n
	end
	return wrk.format("GET", path)
end
