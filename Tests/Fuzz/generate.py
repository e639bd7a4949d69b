#!/usr/bin/env python3
"""Writes random asyncio scripts for Tide, the same ones for the same seed.

Each script makes a few primitives and an echo server on loopback, starts tasks whose bodies
are random mixes of awaits, cancels, timeouts, errors, workers, socket calls and collector
runs, and waits for them a while. Nothing
is checked about what a script prints: scripts/sanitize runs each one and fails on a
signal, a sanitizer report, a Swift runtime failure or a hang.

    Tests/Fuzz/generate.py --seed 1 --count 200 --out DIR
"""
import argparse
import random
from pathlib import Path

DELAYS = ["0", "0.001", "0.01", "0.1", "0.5", "1"]


def op(rng, depth):
    """One statement of a task body."""
    d = rng.choice(DELAYS)
    n = rng.randint(1, 5)
    choices = [
        f"asyncio.sleep({d})",
        f"pcall(q.put_nowait, q, {n})",
        "pcall(asyncio.wait_for, function() return q:get() end, 0.2)",
        f"pcall(asyncio.wait_for, function() q:put({n}) end, 0.2)",
        f"sem:with(function() asyncio.sleep({d}) end)",
        "pcall(function() sem:acquire() asyncio.sleep(0) sem:release() end)",
        "ev:set()",
        "ev:clear()",
        "pcall(asyncio.wait_for, function() ev:wait() end, 0.3)",
        "lock:with(function() asyncio.sleep(0) end)",
        "pcall(function() cond:with(function() cond:notify_all() end) end)",
        "pcall(asyncio.wait_for, function() cond:with(function() cond:wait() end) end, 0.2)",
        f"local t = tasks[{n}] if t then t:cancel('fuzz') end",
        f"local t = tasks[{n}] if t then pcall(t.await, t) end",
        f"pcall(asyncio.timeout, {d}, function() asyncio.sleep({rng.choice(DELAYS)}) end)",
        "pcall(error, 'boom')",
        "pcall(error, { code = 1 })",
        f"pcall(asyncio.to_thread, function(m) local s = 0 for i = 1, m do s = s + i end return s end, {n * 1000})",
        "pcall(coroutine.wrap(function() asyncio.sleep(0) coroutine.yield(1) end))",
        "collectgarbage()",
        "asyncio.sleep(0)",
        f"pcall(asyncio.gather, function() asyncio.sleep({d}) end, function() error('x') end)",
        f"asyncio.gather({{ function() asyncio.sleep({d}) end }}, {{ return_exceptions = true }})",
        "pcall(q.get_nowait, q)",
        f"local t = tasks[{n}] if t then t:uncancel() end",
        # Sockets, to the script's own echo server (scripts/sanitize allows loopback).
        "local ok, r, w = pcall(asyncio.open_connection, '127.0.0.1', server.port) if ok then conns[#conns + 1] = { r, w } end",
        f"local c = conns[{n}] if c then pcall(c[2].write, c[2], string.rep('x', {n * 7}) .. '\\n') end",
        f"local c = conns[{n}] if c then pcall(asyncio.wait_for, function() return c[1]:readline() end, {d}) end",
        f"local c = conns[{n}] if c then pcall(asyncio.wait_for, function() return c[1]:readexactly({n}) end, {d}) end",
        f"local c = conns[{n}] if c then pcall(asyncio.wait_for, function() return c[1]:read() end, {d}) end",
        f"local c = conns[{n}] if c then pcall(c[2].drain, c[2]) end",
        f"local c = conns[{n}] if c then pcall(c[2].write_eof, c[2]) end",
        f"local c = conns[{n}] if c then c[2]:close() end",
        f"local c = conns[{n}] if c then pcall(asyncio.wait_for, function() c[2]:wait_closed() end, {d}) end",
        f"conns[{n}] = nil",
        "if math.random() < 0.1 then server:close() end",
    ]
    if depth < 2:
        choices.append(f"tasks[#tasks + 1] = asyncio.create_task(function() {body(rng, depth + 1)} end)")
    return rng.choice(choices)


def body(rng, depth):
    return " ".join(op(rng, depth) for _ in range(rng.randint(1, 6)))


def script(rng, number):
    lines = [
        f"-- fuzz script {number}",
        f"local q = asyncio.{rng.choice(['Queue', 'LifoQueue', 'PriorityQueue'])}({rng.randint(0, 3)})",
        f"local sem = asyncio.Semaphore({rng.randint(1, 3)})",
        "local ev, lock = asyncio.Event(), asyncio.Lock()",
        "local cond = asyncio.Condition()",
        "local tasks = {}",
        "local server = asyncio.start_server(function(r, w)",
        "    while true do",
        "        local ok, line = pcall(r.readline, r)",
        "        if not ok or line == '' then break end",
        "        w:write(line)",
        "        if #line % 2 == 0 then pcall(w.drain, w) end",
        "    end",
        "    w:close()",
        "end, '127.0.0.1', 0)",
        "local conns = {}",
        "for i = 1, 3 do",
        "    local ok, r, w = pcall(asyncio.open_connection, '127.0.0.1', server.port)",
        "    if ok then conns[i] = { r, w } end",
        "end",
    ]
    for _ in range(rng.randint(1, 6)):
        lines.append(f"tasks[#tasks + 1] = asyncio.create_task(function() {body(rng, 0)} end)")
    lines.append(body(rng, 1))
    lines.append("asyncio.wait(tasks, { timeout = 2 })")
    lines.append("return #tasks")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for number in range(1, args.count + 1):
        (out / f"fuzz-{number:04d}.lua").write_text(script(rng, number))


if __name__ == "__main__":
    main()
