import Glibc

/// A submission is a file the grader does not trust. Before a worker reads it, it must be a
/// regular file of at most `maxBytes`, and, followed through any symbolic links, stay inside
/// the folder it was found in (or, given by name, the folder it lies in).
enum SubmissionFile {
    /// A Lua answer to an exercise is a few kilobytes; a megabyte leaves room for data tables.
    static let maxBytes = 1 << 20

    /// Why `path` is not graded, said to its student, or nil if it may be read. A path that
    /// is not there at all is not refused here: `tide grade` says it cannot open it.
    static func refusal(of path: String, inFolder folder: String) -> String? {
        var link = stat()
        guard lstat(path, &link) == 0 else { return nil }
        guard let real = realPath(path) else { return "refused: a symbolic link that leads nowhere" }
        if let realFolder = realPath(folder), !(real + "/").hasPrefix(realFolder == "/" ? "/" : realFolder + "/") {
            return "refused: a symbolic link that leads out of the submission folder"
        }
        var info = stat()
        guard stat(real, &info) == 0 else { return "refused: the file cannot be read" }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFIFO: return "refused: a FIFO, not a regular file"
        case S_IFCHR, S_IFBLK: return "refused: a device, not a regular file"
        case S_IFSOCK: return "refused: a socket, not a regular file"
        case S_IFDIR: return "refused: a folder, not a .lua file"
        default: return "refused: not a regular file"
        }
        if info.st_size > maxBytes {
            return "refused: the file is \(info.st_size) bytes; a submission may be at most \(maxBytes) bytes (1 MiB)"
        }
        return nil
    }

    /// The folder a submission named on its own is judged against: the one it lies in.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
