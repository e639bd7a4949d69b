import FoundationEssentials

/// Gradescope's autograder zip: `setup.sh` and `run_autograder` at its root, the `tide`
/// binary, and the exercise folder. Gradescope unpacks it in `/autograder/source`, runs
/// `setup.sh` once to build the image and `run_autograder` for each submission.
struct GradescopeBundle {
    let exercise: Exercise
    let tide: String

    /// Writes the zip; returns what it holds, for the user to read.
    func write(to path: String) throws(PlatformExport.Failure) -> String {
        var zip = ZipArchive()
        try zip.add("setup.sh", Array(Self.setup.utf8), executable: true)
        try zip.add("run_autograder", Array(Self.runAutograder.utf8), executable: true)
        try zip.add("tide", try PlatformExport.contents(of: tide), executable: true)
        let files = try ExerciseFiles(exercise.folder)
        for file in files.files { try zip.add("exercise/" + file.path, file.contents) }
        guard (try? Data(zip.bytes).write(to: URL(fileURLWithPath: path))) != nil else {
            throw PlatformExport.Failure(description: "cannot write \(path)")
        }
        return "setup.sh, run_autograder, tide, and exercise/ (\(files.files.count) files)"
    }

    static let setup = """
        #!/usr/bin/env bash
        # Gradescope runs this once, as root, when it builds the autograder's image. The tide
        # beside it has the Swift runtime linked in; it needs Lua 5.4 and libedit, installed
        # here from Ubuntu's packages if the image lacks them. Then tide must start.
        set -euo pipefail
        source="${AUTOGRADER_ROOT:-/autograder}/source"
        chmod +x "$source/tide" "$source/run_autograder"
        if ldd "$source/tide" | grep -q "not found"; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq \(StandaloneTide.ubuntuPackages.joined(separator: " ")) > /dev/null
        fi
        if ! "$source/tide" grade --help > /dev/null; then
            echo "setup.sh: tide does not start on this image (it needs Ubuntu 22.04 or later):" >&2
            ldd "$source/tide" >&2
            exit 1
        fi

        """

    static let runAutograder = """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission: tide grades the one .lua file in
        # submission/ and writes results/results.json. AUTOGRADER_ROOT moves /autograder, to
        # try the bundle anywhere. The reference was graded when the bundle was exported.
        set -uo pipefail
        root="${AUTOGRADER_ROOT:-/autograder}"
        mkdir -p "$root/results"
        results="$root/results/results.json"
        if ! "$root/source/tide" grade --no-reference --format gradescope --output "$results" \\
                "$root/source/exercise" "$root/submission"; then
            # tide said why on stderr, which only the instructor sees; the student reads this.
            cat > "$results" <<'EOF'
        {"score": 0, "output": "Your submission could not be graded. Submit exactly one .lua file; if you did, tell your instructor."}
        EOF
        fi

        """
}
