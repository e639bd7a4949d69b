import CLua
import FoundationEssentials
import Glibc
import LuaAsync
import LuaKit

/// An exercise folder: `exercise.lua` returns its metadata and checks (docs/grading.md).
///
/// The checks stay functions in this object's Lua state; the worker that grades a
/// submission calls them with the records of its runs.
final class Exercise {
    struct Check {
        let name: String
        let number: String
        let points: Double
        let feedback: String?
        let visibility: String
        /// The check function, in the registry of `vm`.
        let function: Int32
    }

    /// Why an exercise cannot be used: `tide grade` exits 2 with this.
    struct Broken: Error, CustomStringConvertible {
        let description: String
    }

    static let visibilities = ["visible", "hidden", "after_due_date", "after_published"]
    /// Limits for a graded run when the exercise sets none: ample for a lecture exercise,
    /// small enough that a bomb is caught in a fraction of a second.
    static let defaultLimits = Limits(
        memory: 64 << 20, instructions: 50_000_000, wallSeconds: 10, tasks: 10_000, output: 1 << 20, sandbox: true)

    let folder: URL
    let file: String
    let title: String
    let statement: String?
    let reference: String?
    let seeds: [Int64]
    let arguments: [String]
    let limits: Limits
    let checks: [Check]
    let vm = LuaVM()
    /// The check helpers' function that turns a run record into the table a check reads.
    private(set) var prepareRun: Int32 = LUA_NOREF

    var maxScore: Double { checks.reduce(0) { $0 + $1.points } }

    var outlines: [SubmissionGrade.CheckOutline] {
        checks.map { .init(name: $0.name, number: $0.number, points: $0.points, visibility: $0.visibility) }
    }

    /// The fields exercise.lua may set, and those of a check and of `limits`: anything else
    /// is a typo that would otherwise pass in silence.
    /// The most points one check may give: reports write points as integers, and a grade
    /// must add up without losing precision.
    static let mostPoints = 1_000_000.0

    static let fields = ["title", "statement", "reference", "seeds", "arguments", "limits", "checks", "points", "files",
        "loopback"]
    static let checkFields = ["name", "points", "check", "feedback", "visibility"]
    static let limitFields = ["memory", "instructions", "wall_time", "tasks", "output"]

    /// The folder submissions may read (`files`, default `files/` when there is one): a
    /// folder of its own, so that the checks and solutions beside it stay out of reach.
    private static func readableFiles(_ name: String?, in folder: URL, file: String) throws(Broken) -> String? {
        let path = folder.appendingPathComponent(name ?? "files").standardizedFileURL.path
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            if let name { throw Broken(description: "\(file): `files` names \(name), which is not a folder there") }
            return nil
        }
        guard path.hasPrefix(folder.path + "/") else {
            throw Broken(description: "\(file): `files` must be a folder inside the exercise folder")
        }
        return path
    }

    /// `requireReference` false: a `reference` that is not there is left out, not an error
    /// (an exported exercise may leave its reference behind, as a template repository must).
    init(folder path: String, requireReference: Bool = true) throws(Broken) {
        folder = URL(fileURLWithPath: path).standardizedFileURL
        file = folder.appendingPathComponent("exercise.lua").path
        let lua = vm.lua
        guard case .loaded = vm.load(CheckHelpers.source, chunkName: "=checks"), vm.protectedCall(arguments: 0, results: 1)
        else { throw Broken(description: "the check helpers failed: \(lua.string(at: -1) ?? "?")") }
        prepareRun = lua.ref()
        lua.push(folder.path)
        lua_setglobal(lua.state, "exercise_folder")
        guard FileManager.default.fileExists(atPath: file) else {
            throw Broken(description: "\(path) has no exercise.lua")
        }
        guard case .loaded = vm.loadFile(file, displayName: file), vm.protectedCall(arguments: 0, results: 1) else {
            throw Broken(description: lua.string(at: -1) ?? "\(file) failed to load")
        }
        guard lua.type(at: -1) == LUA_TTABLE else {
            throw Broken(description: "\(file) must return a table (it returned a \(lua.typeName(at: -1)))")
        }
        let table = lua.top
        let reader = FieldReader(lua: lua, table: table, place: file)
        try reader.onlyKnownFields(Self.fields, what: "the exercise table")
        guard let title = try reader.string("title") else { throw Broken(description: "\(file): `title` is missing") }
        self.title = title
        statement = try reader.path("statement", in: folder)
        reference = requireReference ? try reader.path("reference", in: folder) : try? reader.path("reference", in: folder)
        seeds = try reader.integers("seeds")?.map(Int64.init) ?? [1]
        guard !seeds.isEmpty else { throw Broken(description: "\(file): `seeds` is empty") }
        arguments = try reader.strings("arguments") ?? []
        var limits = try reader.limits("limits", defaults: Self.defaultLimits)
        limits.readableFolder = try Self.readableFiles(reader.string("files"), in: folder, file: file)
        limits.loopback = try reader.boolean("loopback") ?? false
        self.limits = limits
        checks = try reader.checks("checks")
        if let total = try reader.number("points"), abs(total - checks.reduce(0) { $0 + $1.points }) > 1e-9 {
            throw Broken(description: "\(file): `points` is \(formatPoints(total)) but the checks add up to "
                + formatPoints(checks.reduce(0) { $0 + $1.points }))
        }
    }
}

/// Reads the fields of the exercise table raw (no metamethods), naming what is wrong.
private struct FieldReader {
    let lua: Lua
    let table: Int32
    let place: String

    private func broken(_ text: String) -> Exercise.Broken { Exercise.Broken(description: "\(place): \(text)") }

    /// Pushes the field (raw) and runs `body` with its index; pops it after.
    private func with<T>(_ key: String, in table: Int32? = nil, _ body: (Int32) throws(Exercise.Broken) -> T) throws(Exercise.Broken) -> T {
        lua.push(key)
        lua_rawget(lua.state, table ?? self.table)
        defer { lua.pop() }
        return try body(lua.top)
    }

    /// Refuses a string key not in `known`, naming the nearest known one.
    func onlyKnownFields(_ known: [String], what: String) throws(Exercise.Broken) {
        lua.pushNil()
        while lua_next(lua.state, table) != 0 {
            lua.pop()
            guard let key = lua.string(at: -1) else { continue }
            if known.contains(key) { continue }
            lua.pop()
            let near = known.min { editDistance($0, key) < editDistance($1, key) }.flatMap { editDistance($0, key) <= 2 ? $0 : nil }
            throw broken("\(what) has an unknown field `\(key)`" + (near.map { " (did you mean `\($0)`?)" } ?? "")
                + "; the fields are " + known.joined(separator: ", "))
        }
    }

    func string(_ key: String, in table: Int32? = nil) throws(Exercise.Broken) -> String? {
        try with(key, in: table) { index throws(Exercise.Broken) in
            if lua.isNoneOrNil(index) { return nil }
            guard let text = lua.string(at: index) else { throw broken("`\(key)` must be a string") }
            return text
        }
    }

    func boolean(_ key: String, in table: Int32? = nil) throws(Exercise.Broken) -> Bool? {
        try with(key, in: table) { index throws(Exercise.Broken) in
            if lua.isNoneOrNil(index) { return nil }
            guard lua.type(at: index) == LUA_TBOOLEAN else { throw broken("`\(key)` must be true or false") }
            return lua_toboolean(lua.state, index) != 0
        }
    }

    func number(_ key: String, in table: Int32? = nil) throws(Exercise.Broken) -> Double? {
        try with(key, in: table) { index throws(Exercise.Broken) in
            if lua.isNoneOrNil(index) { return nil }
            guard let number = lua.number(at: index), number.isFinite else { throw broken("`\(key)` must be a number") }
            return number
        }
    }

    /// A file named relative to the exercise folder, which must exist.
    func path(_ key: String, in folder: URL) throws(Exercise.Broken) -> String? {
        guard let name = try string(key) else { return nil }
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { throw broken("`\(key)` names \(name), which is not there") }
        return path
    }

    private func list<T>(_ key: String, _ item: (Int32) -> T?, expected: String) throws(Exercise.Broken) -> [T]? {
        try with(key) { index throws(Exercise.Broken) in
            if lua.isNoneOrNil(index) { return nil }
            guard lua.type(at: index) == LUA_TTABLE else { throw broken("`\(key)` must be a list of \(expected)") }
            var items: [T] = []
            for position in 1...max(lua.rawLength(index), 1) where lua.rawLength(index) > 0 {
                _ = lua.rawGet(index, index: position)
                defer { lua.pop() }
                guard let value = item(lua.top) else { throw broken("`\(key)[\(position)]` must be \(expected)") }
                items.append(value)
            }
            return items
        }
    }

    func integers(_ key: String) throws(Exercise.Broken) -> [Int]? { try list(key, { lua.integer(at: $0) }, expected: "integers") }
    func strings(_ key: String) throws(Exercise.Broken) -> [String]? { try list(key, { lua.string(at: $0) }, expected: "strings") }

    func limits(_ key: String, defaults: Limits) throws(Exercise.Broken) -> Limits {
        try with(key) { index throws(Exercise.Broken) in
            var limits = defaults
            if lua.isNoneOrNil(index) { return limits }
            guard lua.type(at: index) == LUA_TTABLE else { throw broken("`limits` must be a table") }
            try FieldReader(lua: lua, table: index, place: place).onlyKnownFields(Exercise.limitFields, what: "`limits`")
            func size(_ name: String) throws(Exercise.Broken) -> Int? {
                try with(name, in: index) { field throws(Exercise.Broken) in
                    if lua.isNoneOrNil(field) { return nil }
                    if let count = lua.integer(at: field), count > 0 { return count }
                    if let text = lua.string(at: field), let bytes = ByteSize.parse(text) { return bytes }
                    throw broken("`limits.\(name)` must be a positive count (or a size such as \"64M\")")
                }
            }
            limits.memory = try size("memory") ?? limits.memory
            limits.instructions = try size("instructions") ?? limits.instructions
            limits.tasks = try size("tasks") ?? limits.tasks
            limits.output = try size("output") ?? limits.output
            if let seconds = try number("wall_time", in: index) {
                guard seconds > 0, seconds <= 86_400 else { throw broken("`limits.wall_time` must be between 0 and 86400 seconds") }
                limits.wallSeconds = seconds
            }
            return limits
        }
    }

    func checks(_ key: String) throws(Exercise.Broken) -> [Exercise.Check] {
        try with(key) { index throws(Exercise.Broken) in
            guard lua.type(at: index) == LUA_TTABLE, lua.rawLength(index) > 0 else {
                throw broken("`checks` must be a non-empty list of checks")
            }
            var checks: [Exercise.Check] = []
            for position in 1...lua.rawLength(index) {
                _ = lua.rawGet(index, index: position)
                defer { lua.pop() }
                let check = lua.top
                let label = "checks[\(position)]"
                guard lua.type(at: check) == LUA_TTABLE else { throw broken("`\(label)` must be a table") }
                try FieldReader(lua: lua, table: check, place: place).onlyKnownFields(Exercise.checkFields, what: "`\(label)`")
                guard let name = try string("name", in: check), !name.isEmpty else { throw broken("`\(label).name` is missing") }
                if checks.contains(where: { $0.name == name }) { throw broken("two checks are named \"\(name)\"") }
                guard let points = try number("points", in: check), points >= 0, points <= Exercise.mostPoints else {
                    throw broken("check \"\(name)\": `points` must be a number from 0 to \(Int(Exercise.mostPoints))")
                }
                let visibility = try string("visibility", in: check) ?? "visible"
                guard Exercise.visibilities.contains(visibility) else {
                    throw broken("check \"\(name)\": `visibility` must be one of "
                        + Exercise.visibilities.joined(separator: ", "))
                }
                let function = try with("check", in: check) { field throws(Exercise.Broken) in
                    guard lua.type(at: field) == LUA_TFUNCTION else { throw broken("check \"\(name)\": `check` must be a function") }
                    lua.pushCopy(of: field)
                    return lua.ref()
                }
                checks.append(Exercise.Check(
                    name: name, number: String(position), points: points,
                    feedback: try string("feedback", in: check), visibility: visibility, function: function))
            }
            return checks
        }
    }
}

/// How many single-character edits turn one word into the other (for "did you mean").
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// Points without a needless ".0": `3`, `1.30`.
func formatPoints(_ points: Double) -> String {
    points == points.rounded() ? String(Int(points)) : formatFixed(points, digits: 2)
}

/// A non-negative number with exactly `digits` decimals (Foundation's String(format:)
/// would load all of Foundation for this).
func formatFixed(_ value: Double, digits: Int) -> String {
    var scale = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let fraction = String(scaled % scale)
    return "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
}

extension Exercise {
    /// Stack: [-0, +1] pushes a run record as the table a check reads.
    func pushRun(_ record: PlainValue) {
        let lua = vm.lua
        lua.pushRef(prepareRun)
        lua.push(record)
        if !vm.protectedCall(arguments: 1, results: 1) {
            lua.pop()
            lua.push(record)
        }
    }
}
