---@meta grading

-- LuaLS definitions for writing an exercise.lua (docs/grading.md): the table it returns,
-- the run record a check receives, and the helper globals. Nothing here runs. Annotate the
-- returned table with `---@type grading.Exercise` to get completion and checks on it.

---@alias grading.Visibility "visible"|"hidden"|"after_due_date"|"after_published"

---@class grading.Limits
---@field memory? integer|string Bytes of Lua heap, or a size such as "64M" (default 64M).
---@field instructions? integer|string Lua instructions (default 50000000).
---@field wall_time? number Real seconds per run (default 10).
---@field tasks? integer|string Tasks a run may create (default 10000).
---@field output? integer|string Bytes a run may print, or a size such as "1M" (default 1M).

---@class grading.Check
---@field name string Unique within the exercise; what the student sees.
---@field points number The check's worth (0: informational).
---@field check fun(run: grading.Run, runs: grading.Run[]): (boolean|number|nil, string?) True, false or a fraction of the points, and a message.
---@field feedback? string Shown to the student when the check loses points.
---@field visibility? grading.Visibility Default "visible".

---@class grading.Exercise
---@field title string The report's heading.
---@field checks grading.Check[] What is scored, in this order.
---@field statement? string The statement's file, relative to the exercise folder.
---@field reference? string The reference solution, graded first; it must score full marks.
---@field seeds? integer[] One run per seed (default { 1 }).
---@field arguments? string[] The script's arguments.
---@field limits? grading.Limits
---@field points? number The total; if given, it must equal the sum of the checks' points.
---@field files? string The one folder submissions may read (default "files" when it exists).

---@class grading.Line
---@field time number Virtual seconds when it was printed.
---@field task? integer Which task printed it: its index in `run.tasks` (1 is the main task).
---@field text string

---@class grading.Error
---@field type string The asyncio class (`TimeoutError`, `CancelledError`...) of one of Tide's own error objects, `error` for a plain message, or `table` for a table the script made.
---@field message string
---@field task string

---@class grading.Task
---@field name string `Task-1` is the main task.
---@field created number
---@field finished? number
---@field state "done"|"failed"|"cancelled"|"pending"
---@field cancelled boolean
---@field left_pending boolean Unfinished when the run ended (then cancelled by Tide, not the script).

---@class grading.Primitive
---@field peak integer Most holders at once (Semaphore, Lock) or most items queued (Queue).
---@field waits integer How many times a task waited on it.
---@field operations table<string, integer> Counts by operation: `put`, `get`, `release`, `set`, `notify`.

---@class grading.Diagnostic
---@field kind string `deadlock`, `pending`, `unretrieved`, `held-at-finish`, `ignored-cancel`, `polling`, `fan-out`, `queue-growth`, `limit`...
---@field message string

---@class grading.Run
---@field seed integer
---@field ending "completed"|"failed"|"deadlock"|"limit"|"load_failed"|"interrupted"
---@field elapsed number Virtual seconds when the main task ended.
---@field output grading.Line[]
---@field lines string[] The printed lines' text.
---@field returned any[] What the main chunk returned, copied as data.
---@field error? grading.Error Only when the main task failed.
---@field limit? string Only when a limit stopped the run.
---@field tasks grading.Task[]
---@field primitives table<string, grading.Primitive> Keyed by name: `Semaphore#1`, `Queue#2`...
---@field timeouts { time: number, task: integer }[] Each deadline that expired (timeout, wait_for, asyncio.wait's timeout): when, and the task it was for (its index in `tasks`).
---@field diagnostics grading.Diagnostic[]
---@field services table<string, grading.Service> Keyed by name: each sim service's stats when the main task ended (docs/sim.md).

---The first printed line whose text matches the Lua pattern.
---@param run grading.Run
---@param pattern string
---@return grading.Line?
function printed(run, pattern) end

---The first item for which the predicate holds.
---@generic T
---@param list T[]
---@param predicate fun(item: T): any
---@return T?
function find(list, predicate) end

---How many items the predicate holds for.
---@generic T
---@param list T[]
---@param predicate fun(item: T): any
---@return integer
function count(list, predicate) end

---The task record with this name.
---@param run grading.Run
---@param name string
---@return grading.Task?
function task(run, name) end

---The first diagnostic of this kind.
---@param run grading.Run
---@param kind string
---@return grading.Diagnostic?
function diagnostic(run, kind) end

---Whether f gives the same value (==) for every run.
---@param runs grading.Run[]
---@param f fun(run: grading.Run): any
---@return boolean
function same_across_seeds(runs, f) end

---A sim service's statistics, as `service:stats()` gave them when the main task ended.
---@class grading.Service
---@field name string
---@field calls integer
---@field by_status table<integer, integer> Answers by status: `{[200] = 40, [429] = 7}`.
---@field peak integer The most calls in flight at once (queued and rejected ones count while in flight).
---@field in_flight integer
---@field latency {p50: number?, p90: number?, p99: number?, max: number?, mean: number?}
---@field queued integer
---@field refused integer
---@field reset integer
---@field cancelled integer
---@field hung integer
---@field hung_cancelled integer
---@field hanging integer
---@field concurrency integer?
---@field queue boolean
---@field rate {[1]: integer, per: number}?
---@field failures number
---@field hangs number
---@field outages integer

---The statistics of the sim service `name` (a record of no calls if the run made none).
---@param run grading.Run
---@param name string
---@return grading.Service
function service(run, name) end

---The service's statistics if the run called it and made it as `expected` says (a field left
---out must be absent or 0); else nil and why.
---@param run grading.Run
---@param name string
---@param expected {concurrency: integer?, queue: boolean?, rate: table?, failures: number?, hangs: number?, outages: integer?}
---@return grading.Service?, string?
function service_as_given(run, name, expected) end

---True when f(run) holds for every run; else false and f's message with the run's seed.
---@param runs grading.Run[]
---@param f fun(run: grading.Run): (boolean?, string?)
---@return boolean, string?
function every_run(runs, f) end

---"No 429s": true, or false and how many calls the service answered with `status`.
---@param run grading.Run
---@param name string
---@param status integer
---@return boolean, string?
function no_status(run, name, status) end

---"Peak concurrency at most n": true, or false and the peak.
---@param run grading.Run
---@param name string
---@param n integer
---@return boolean, string?
function peak_at_most(run, name, n) end

---"Every hung call was cancelled": true, or false and how many were not.
---@param run grading.Run
---@param name string
---@return boolean, string?
function hung_calls_cancelled(run, name) end

---The absolute path of a file in the exercise folder.
---@param relative string
---@return string
function exercise_path(relative) end

---The exercise folder's absolute path.
---@type string
exercise_folder = ""
