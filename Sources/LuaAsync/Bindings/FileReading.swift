import CLua
import CLuaWatch
import FoundationEssentials
import Glibc
import LuaKit

/// The sandbox's only way to files: read one whole file from inside the readable folder
/// (the exercise's, or the script's own). `io.open` and `io.lines` in sandbox.lua are built
/// on it.
enum FileReading {
    /// The folder's real path, symbolic links resolved, if it exists.
    static func resolvedFolder(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// read_file(path) → the file's text, or nil and a message. The path, relative to the
    /// readable folder, must resolve (links and `..` followed) to a file inside it.
    static let readFile: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let bytes = lua.bytes(at: 1) else { return lua.typeError(1, "open", expected: "string", at: 1) }
        // The name is checked as the bytes it is: C stops reading at a NUL and Swift turns
        // bad UTF-8 into U+FFFD, so either would check one path and open another.
        if bytes.contains(0) { return refuse(lua, "a file name with a NUL byte cannot be opened") }
        guard let name = String(validating: bytes, as: UTF8.self) else {
            return refuse(lua, "a file name that is not UTF-8 cannot be opened")
        }
        guard let folder = runtime.readableFolder else { return refuse(lua, "\(name): no files can be read here") }
        let joined = name.hasPrefix("/") ? name : folder + "/" + name
        // Outside by its spelling, it is refused whether or not it exists: the answer must
        // not tell which files exist elsewhere. Then links are followed, and checked again.
        let outside = "\(name): outside the folder this script may read"
        guard URL(fileURLWithPath: joined).standardized.path.hasPrefix(folder + "/") else { return refuse(lua, outside) }
        guard let real = resolvedFolder(joined) else { return refuse(lua, "\(name): No such file or directory") }
        guard real.hasPrefix(folder + "/") else { return refuse(lua, outside) }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return refuse(lua, "\(name): cannot be read") }
        // Pushing past the memory cap would raise inside this Swift frame: refuse instead.
        if let limit = runtime.memoryLimit, clua_limits_memory_used(runtime.mainState) + Int(info.st_size) + 65536 > limit {
            return refuse(lua, "\(name): too large for the memory limit")
        }
        guard let data = FileManager.default.contents(atPath: real) else { return refuse(lua, "\(name): cannot be read") }
        data.withUnsafeBytes { bytes in
            _ = lua_pushlstring(lua.state, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        return 1
    }

    private static func refuse(_ lua: Lua, _ message: String) -> Int32 {
        lua.pushNil()
        lua.push(message)
        return 2
    }
}
