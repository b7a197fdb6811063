-- One wrk script for every Kehu benchmark scenario (bench/run.sh).
--
-- Configured through the environment (wrk gives script arguments only to the
-- worker threads, and done() runs in the main Lua state):
--   BENCH_MODE  healthz | get | get_during_import | search_name | search_phone |
--               lookup_phone | list | create | my_day | timeline | customer_page |
--               funnel_sales | funnel_company | forecast_company | receivables_overdue |
--               who_saw
--   BENCH_TODAY     the company's day (YYYY-MM-DD) for my_day's queries
--   BENCH_TIMELINE  customer ids of the timeline, "first-last" (timeline)
--   BENCH_IDS   customer ids are drawn uniformly from 1..BENCH_IDS (get)
--   BENCH_RUN   0-9, makes the mobiles of one create run distinct from another's
--   BENCH_MOBILES  a file of full mobile numbers, one per line (lookup_phone)
-- The API token comes from the command line: -H "Authorization: Bearer kh_…".
--
-- done() prints one line that bench/report.py parses:
--   RESULT requests=… duration_s=… rps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… non2xx=… sock_err=…

local mode = os.getenv("BENCH_MODE") or "healthz"
local ids = tonumber(os.getenv("BENCH_IDS") or "1") or 1
local run = (tonumber(os.getenv("BENCH_RUN") or "0") or 0) % 10

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Two-character searches as people type them: common given names (秀兰, 建国)
-- and common full names (张伟, 王芳); every one has many matches in a
-- realistic data set.
local names_raw = {
   "秀兰", "建国", "张伟", "王芳", "李娜", "刘洋", "桂英", "志强", "海燕", "丽华",
   "王伟", "李强", "陈静", "玉兰", "秀英", "建华", "淑珍", "国强", "晓明", "王静",
   "李明", "张敏", "刘杰", "明辉", "丽娟", "春梅", "建军", "凤英", "子涵", "浩然",
}
local names = {}
for i, n in ipairs(names_raw) do names[i] = urlencode(n) end

local create_names = { "张伟", "王秀兰", "李建国", "刘洋", "陈静", "杨帆", "赵丽华", "黄志强" }

local lists = {
   "/api/v1/customers?grade=A&stage=customer&limit=50",
   "/api/v1/customers?grade=B&source=referral&limit=50",
   "/api/v1/customers?stage=loyal&kind=organization&limit=50",
   "/api/v1/customers?grade=C&value_tier=important&limit=50",
}

-- Full mobiles for lookup_phone (a blind-index probe: the stored phones are sealed).
local mobiles = {}
if mode == "lookup_phone" then
   local f = io.open(os.getenv("BENCH_MOBILES") or "", "r")
   if f then
      for line in f:lines() do
         if #line > 0 then mobiles[#mobiles + 1] = line end
      end
      f:close()
   end
   if #mobiles == 0 then mobiles[1] = "13800000000" end
end

-- "My day" (the salesperson's home page, issue 13): the requests the page makes, in turn — the
-- overdue tasks, those due today, the greetings of the week, the approvals waiting, the pool's
-- newcomers (web/src/views/followup/myDay.js).
local function day_after(day, n)
   local y, m, d = day:match("^(%d+)-(%d+)-(%d+)$")
   local t = os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 }) + n * 86400
   return os.date("%Y-%m-%d", t)
end
local my_day = {}
if mode == "my_day" then
   local today = os.getenv("BENCH_TODAY") or os.date("%Y-%m-%d")
   my_day = {
      "/api/v1/tasks?state=overdue&limit=50",
      "/api/v1/tasks?state=open&due_from=" .. today .. "&due_to=" .. today .. "&limit=200",
      "/api/v1/tasks?state=open&kind=greeting&due_from=" .. day_after(today, 1) .. "&due_to=" .. day_after(today, 7) .. "&limit=200",
      "/api/v1/approvals?box=todo&state=pending&limit=5&total=true",
      "/api/v1/pool?since=" .. day_after(today, -7) .. "&limit=200",
   }
end
local tl_first, tl_last = (os.getenv("BENCH_TIMELINE") or "1-1"):match("^(%d+)-(%d+)$")
tl_first, tl_last = tonumber(tl_first) or 1, tonumber(tl_last) or 1

local thread_count = 0

function setup(thread)
   thread:set("tid", thread_count)
   thread_count = thread_count + 1
end

local counter = 0

function init(args)
   tid = tid or 0
   math.randomseed(7919 * (tid + 1) + 104729 * run + #mode)
   if mode == "create" then
      wrk.headers["Content-Type"] = "application/json"
   end
end

function request()
   if mode == "my_day" then
      counter = counter + 1
      return wrk.format("GET", my_day[(counter % #my_day) + 1])
   elseif mode == "customer_page" then
      -- one of the 100 customers with 200 orders and 500 interactions: its tabs in turn
      counter = counter + 1
      local id = math.random(tl_first, tl_last)
      local tabs = {
         "/api/v1/customers/" .. id,
         "/api/v1/interactions?customer_id=" .. id .. "&limit=20",
         "/api/v1/orders?customer_id=" .. id .. "&limit=50",
         "/api/v1/opportunities?customer_id=" .. id .. "&state=all&limit=50",
         "/api/v1/receivables?customer_id=" .. id .. "&state=open&limit=200",
      }
      return wrk.format("GET", tabs[(counter % #tabs) + 1])
   elseif mode == "funnel_sales" or mode == "funnel_company" then
      return wrk.format("GET", "/api/v1/opportunities/funnel")
   elseif mode == "forecast_company" then
      return wrk.format("GET", "/api/v1/opportunities/forecast?by=month")
   elseif mode == "receivables_overdue" then
      return wrk.format("GET", "/api/v1/receivables?state=overdue&limit=50")
   elseif mode == "timeline" then
      return wrk.format("GET", "/api/v1/interactions?customer_id=" .. math.random(tl_first, tl_last) .. "&limit=20")
   elseif mode == "who_saw" then
      -- a customer's 使用记录 tab: who saw it, its first page
      return wrk.format("GET", "/api/v1/customers/" .. math.random(1, ids) .. "/access-log")
   elseif mode == "get" or mode == "get_during_import" then
      return wrk.format("GET", "/api/v1/customers/" .. math.random(1, ids))
   elseif mode == "search_name" then
      return wrk.format("GET", "/api/v1/customers?q=" .. names[math.random(#names)])
   elseif mode == "search_phone" then
      return wrk.format("GET", string.format("/api/v1/customers?q=%04d", math.random(0, 9999)))
   elseif mode == "lookup_phone" then
      return wrk.format("GET", "/api/v1/customers?q=" .. mobiles[math.random(#mobiles)])
   elseif mode == "list" then
      return wrk.format("GET", lists[math.random(#lists)])
   elseif mode == "create" then
      counter = counter + 1
      -- 170 is never used by kehu-bench-gen; run digit, thread digit, 6-digit counter.
      local mobile = string.format("170%d%d%06d", run, tid % 10, counter % 1000000)
      local body = string.format('{"kind":"individual","name":"%s","mobile":"%s","grade":"B","source":"internet"}',
                                 create_names[(counter % #create_names) + 1], mobile)
      return wrk.format("POST", "/api/v1/customers", nil, body)
   end
   return wrk.format("GET", "/healthz")
end

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d sock_err=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end
