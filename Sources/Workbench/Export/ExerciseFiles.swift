import FoundationEssentials
import Glibc

/// The files of an exercise folder an export carries, by path relative to the folder.
/// Hidden files (`.git`, `.DS_Store`) stay behind, and symbolic links are followed.
struct ExerciseFiles {
    struct File {
        let path: String
        let contents: [UInt8]
    }

    let files: [File]

    /// Every file under `folder` but those `leaveOut` names (relative paths; a folder's
    /// name leaves out all it holds).
    init(_ folder: URL, leavingOut leaveOut: Set<String> = []) throws(PlatformExport.Failure) {
        var found: [File] = []
        try Self.walk(folder.path, relative: "", depth: 0, leavingOut: leaveOut, into: &found)
        files = found
    }

    /// Folders this deep are a symbolic link that leads back up, not an exercise.
    static let deepest = 32

    private static func walk(_ folder: String, relative: String, depth: Int, leavingOut leaveOut: Set<String>,
                             into found: inout [File]) throws(PlatformExport.Failure) {
        guard depth < deepest else {
            throw PlatformExport.Failure(description: "\(folder) is \(deepest) folders deep: does a symbolic link lead back up?")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw PlatformExport.Failure(description: "cannot list \(folder)")
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder + "/" + name, inside = relative + name
            guard !leaveOut.contains(inside) else { continue }
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // a link to nothing carries nothing
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try walk(path, relative: inside + "/", depth: depth + 1, leavingOut: leaveOut, into: &found)
            case S_IFREG: found.append(File(path: inside, contents: try PlatformExport.contents(of: path)))
            default: continue
            }
        }
    }
}
