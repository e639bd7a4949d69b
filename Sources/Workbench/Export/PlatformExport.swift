import FoundationEssentials
import Glibc

/// `tide export`: what a course platform needs to grade an exercise with Tide, built from
/// the exercise folder and a `tide` that runs without a Swift toolchain (docs/platforms.md).
public enum PlatformExport {
    public enum Platform: String, CaseIterable, Sendable {
        case gradescope
        case githubClassroom = "github-classroom"
        case prairielearn
    }

    public struct Options: Sendable {
        public var platform: Platform
        public var exercisePath: String
        public var outputPath: String
        /// The `tide` to ship: this executable unless told otherwise.
        public var tide = Grader.currentExecutable

        public init(platform: Platform, exercisePath: String, outputPath: String) {
            self.platform = platform
            self.exercisePath = exercisePath
            self.outputPath = outputPath
        }
    }

    /// Why an export was not written: `tide export` exits 2 with this.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Checks the exercise and the binary, then writes the bundle or template; returns the
    /// exit status (0 written, 2 not).
    public static func run(_ options: Options) -> Int32 {
        do {
            let exercise: Exercise
            do { exercise = try Exercise(folder: options.exercisePath) } catch {
                throw Failure(description: "the exercise is broken: \(error)")
            }
            try StandaloneTide.check(options.tide)
            try gradeReference(of: exercise, at: options.exercisePath, with: options.tide)
            let written = switch options.platform {
            case .gradescope: try GradescopeBundle(exercise: exercise, tide: options.tide).write(to: options.outputPath)
            case .githubClassroom: try ClassroomTemplate(exercise: exercise, tide: options.tide).write(to: options.outputPath)
            case .prairielearn: try PrairieLearnQuestion(exercise: exercise, tide: options.tide).write(to: options.outputPath)
            }
            print("wrote \(options.outputPath): \(written)")
            return 0
        } catch {
            Console.report("tide: export: \(error)")
            return 2
        }
    }

    /// The shipped binary grades the reference, which must score full marks: the exercise is
    /// sound and the binary runs, before any student meets either.
    private static func gradeReference(of exercise: Exercise, at path: String, with tide: String) throws(Failure) {
        guard let reference = exercise.reference else { return }
        var child = ChildProcess(tide, ["grade", "--format", "json", path, reference])
        child.wallTimeLimit = .seconds(600)
        guard let outcome = try? child.run() else { throw Failure(description: "cannot run \(tide)") }
        guard outcome.status == 0 else {
            throw Failure(description: "\(tide) could not grade the reference: "
                + outcome.stderr.split(separator: "\n").joined(separator: " "))
        }
    }

    /// Writes a file of an export, making its folder; `executable` gives it mode 755, else 644.
    static func write(_ bytes: [UInt8], to url: URL, executable: Bool = false) throws(Failure) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        } catch {
            throw Failure(description: "cannot write \(url.path)")
        }
        chmod(url.path, executable ? 0o755 : 0o644)
    }

    /// The bytes of a file, or why not.
    static func contents(of path: String) throws(Failure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read \(path)") }
        return [UInt8](data)
    }
}
