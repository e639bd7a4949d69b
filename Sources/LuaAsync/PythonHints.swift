/// One more line for errors that Python's habits cause, saying what to write in Lua instead.
/// Each is appended to the error's own message, so the message stays Lua's.
enum PythonHints {
    /// `await f(x)`: Lua has no await keyword (a syntax error, or a read of a global `await`).
    static let await = "hint: Lua has no `await`: call the function, f(x), and it awaits inside; "
        + "a task is awaited with t:await()"

    /// `sem.acquire()`: with a dot, the object is not passed.
    static func colon(_ method: String) -> String {
        "hint: call a method with a colon, obj:\(method)(...): with a dot the object is not passed"
    }

    /// `create_task(f(x))`: f(x) already ran, and passed what it returned.
    static func function(_ combinator: String) -> String {
        "hint: pass the function and its arguments, asyncio.\(combinator)(f, x), not f(x), "
            + "which runs f at once and passes what it returned"
    }

    /// `gather(f(1), f(2))`, with the same mistake in each argument.
    static let awaitables = "hint: pass tasks or functions, f or function() return g(x) end, "
        + "not f() or g(x), which run at once and pass what they returned"

    /// `print(t)` where the result was meant: said once a run, as a report (a hint, since
    /// printing a task can be meant; `tostring(t)` passes a string and is not told).
    static func printedTask(at place: String) -> String {
        "print\(place) got a Task, which prints as the task, Task(name, state), not as what it returned: "
            + "print t:await() for that (print tostring(t) to show the task and be told nothing)"
    }

    /// `"got " .. t`: a Task is not its result.
    static let taskIsNotItsResult = "hint: a Task is not its result: use t:await() for what it returned "
        + "(or tostring(t) to describe the task)"

    /// The hint for a syntax error at `line` of `source`, when that line uses `await` as
    /// Python does (`await f(x)`, `x = await t`).
    static func forSyntaxError(_ message: String, chunkName: String, source: String) -> String? {
        guard message.hasPrefix(chunkName + ":") else { return nil }
        let digits = message.dropFirst(chunkName.count + 1).prefix { $0.isNumber }
        guard let number = Int(digits), number >= 1 else { return nil }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard number <= lines.count else { return nil }
        return usesAwaitKeyword(lines[number - 1]) ? PythonHints.await : nil
    }

    /// `x = await f()` that compiled: said once a run, as a report.
    static func compiledAwait(at place: String) -> String {
        "\(place) writes `await` as Python does, but Lua has no await: there it reads a global named "
            + "await (nil) and runs the call as a statement of its own; call the function, f(x), and it awaits "
            + "inside, or await a task with t:await()"
    }

    /// The number of the first line of `source` that uses `await` as a keyword, if any.
    static func firstAwaitKeyword(in source: String) -> Int? {
        guard source.contains("await") else { return nil }
        let lines = blankingLongBrackets(source).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex(where: usesAwaitKeyword).map { $0 + 1 }
    }

    /// `source` with the insides of its long strings and comments (`[[ ... ]]`, `[==[ ... ]==]`)
    /// blanked, newlines kept: a Python program quoted in a long string is not code.
    static func blankingLongBrackets(_ source: String) -> String {
        var characters = Array(source)
        var index = 0
        while index < characters.count {
            guard characters[index] == "[" else { index += 1; continue }
            var level = 0
            var open = index + 1
            while open < characters.count && characters[open] == "=" { level += 1; open += 1 }
            guard open < characters.count && characters[open] == "[" else { index += 1; continue }
            let close: [Character] = ["]"] + Array(repeating: "=", count: level) + ["]"]
            var end = open + 1
            while end < characters.count && !(characters[end] == "]" && characters[end...].starts(with: close)) {
                if characters[end] != "\n" { characters[end] = " " }
                end += 1
            }
            index = end + close.count
        }
        return String(characters)
    }

    /// Whether `line` has the word `await` followed by a name, in code (not in a quoted
    /// string or a comment) and not as a field or method (`t:await()`).
    static func usesAwaitKeyword(_ line: Substring) -> Bool {
        let code = codeOnly(line)
        var rest = code[...]
        while let range = rest.firstRange(of: "await") {
            let before = rest[..<range.lowerBound].last
            let after = rest[range.upperBound...]
            let isWord = before.map { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ":") } ?? true
            let spaced = after.prefix { $0 == " " || $0 == "\t" }
            if isWord, !spaced.isEmpty, let next = after.dropFirst(spaced.count).first, next.isLetter || next == "_" {
                return true
            }
            rest = after
        }
        return false
    }

    /// The line with its quoted strings blanked and its comment cut (a long string across
    /// lines is not followed: fine for a hint).
    private static func codeOnly(_ line: Substring) -> String {
        var code = ""
        var quote: Character?
        var escaped = false
        var previous: Character?
        for character in line {
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
                code.append(" ")
            } else if character == "\"" || character == "'" {
                quote = character
                code.append(" ")
            } else if character == "-" && previous == "-" {
                code.removeLast()
                break
            } else {
                code.append(character)
            }
            previous = character
        }
        return code
    }
}
