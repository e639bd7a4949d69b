import FoundationEssentials

/// What a GitHub Classroom template repository needs to grade on push: a workflow that runs
/// `.tide/grade` and hands its result to Classroom's grading reporter, the `tide` binary, and
/// the exercise without its reference or `solutions/` (students can read the repository).
struct ClassroomTemplate {
    let exercise: Exercise
    let tide: String

    /// The file a student writes, graded on every push.
    static let solution = "solution.lua"

    /// Writes the template into `folder` (made if need be); a `solution.lua` or `README.md`
    /// already there is kept. Returns what was written, for the user to read.
    func write(to folder: String) throws(PlatformExport.Failure) -> String {
        let root = URL(fileURLWithPath: folder)
        let files = try ExerciseFiles(exercise.folder, leavingOut: leftOut)
        let tideFolder = root.appendingPathComponent(".tide")
        try? FileManager.default.removeItem(at: tideFolder.appendingPathComponent("exercise"))  // no stale files
        try PlatformExport.write(Array(workflow.utf8), to: root.appendingPathComponent(".github/workflows/classroom.yml"))
        try PlatformExport.write(Array(gradeScript.utf8), to: tideFolder.appendingPathComponent("grade"), executable: true)
        try PlatformExport.write(try PlatformExport.contents(of: tide), to: tideFolder.appendingPathComponent("tide"), executable: true)
        for file in files.files {
            try PlatformExport.write(file.contents, to: tideFolder.appendingPathComponent("exercise/" + file.path))
        }
        let solution = root.appendingPathComponent(Self.solution)
        if !FileManager.default.fileExists(atPath: solution.path) {
            try PlatformExport.write(Array("-- \(exercise.title): write your solution here (see README.md).\n".utf8), to: solution)
        }
        let readme = root.appendingPathComponent("README.md")
        if !FileManager.default.fileExists(atPath: readme.path) {
            let statement = exercise.statement.flatMap { try? PlatformExport.contents(of: $0) } ?? Array("# \(exercise.title)\n".utf8)
            try PlatformExport.write(statement + Array(Self.readmeFooter.utf8), to: readme)
        }
        return ".github/workflows/classroom.yml, .tide/grade, .tide/tide, .tide/exercise/ (\(files.files.count) files), "
            + "\(Self.solution), README.md"
    }

    /// The reference and the `solutions/` folder, when they lie in the exercise folder.
    private var leftOut: Set<String> {
        var names: Set<String> = ["solutions"]
        let folder = exercise.folder.path + "/"
        if let reference = exercise.reference.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }),
           reference.hasPrefix(folder) {
            names.insert(String(reference.dropFirst(folder.count)))
        }
        return names
    }

    private static let readmeFooter = """

        ---

        Write your solution in `solution.lua` and push: the Actions tab shows each check, and
        GitHub Classroom records the points. To try it first: `tide run --clock virtual solution.lua`.

        """

    /// The workflow GitHub Classroom's own template uses, with Tide as its one runner.
    let workflow = """
        name: Autograding Tests
        "on":
          - push
          - repository_dispatch
          - workflow_dispatch
        permissions:
          checks: write
          actions: read
          contents: read
        jobs:
          run-autograding-tests:
            runs-on: ubuntu-latest
            if: github.actor != 'github-classroom[bot]'
            steps:
              - name: Checkout code
                uses: actions/checkout@v4
              - name: Grade with Tide
                id: tide
                run: .tide/grade
              - name: Autograding Reporter
                uses: classroom-resources/autograding-grading-reporter@v1
                env:
                  TIDE_RESULTS: "${{ steps.tide.outputs.result }}"
                with:
                  runners: tide

        """

    /// Grades `solution.lua` (or the file given) and sets the step output `result`.
    var gradeScript: String {
        """
        #!/usr/bin/env bash
        # The autograding workflow runs this on every push: tide grades solution.lua (or the
        # file given) and the result, base64 JSON, becomes the step's output `result`, which
        # GitHub Classroom's reporter reads as TIDE_RESULTS. Outside Actions it goes to stdout.
        set -uo pipefail
        here="$(cd "$(dirname "$0")" && pwd)"
        submission="${1:-$here/../\(Self.solution)}"
        if ldd "$here/tide" | grep -q "not found"; then
            sudo=""
            [ "$(id -u)" -eq 0 ] || sudo="sudo"
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \(StandaloneTide.ubuntuPackages.joined(separator: " ")) > /dev/null
        fi
        results="$(mktemp)"
        trap 'rm -f "$results"' EXIT
        if ! "$here/tide" grade --no-reference --format github-classroom --output "$results" \\
                "$here/exercise" "$submission"; then
            cat > "$results" <<'EOF'
        {"version": 1, "status": "error", "max_score": \(formatPoints(exercise.maxScore)), "tests": [{"name": "graded", "status": "error", "score": 0, "message": "The solution could not be graded: is solution.lua there?"}]}
        EOF
        fi
        echo "result=$(base64 -w0 < "$results")" >> "${GITHUB_OUTPUT:-/dev/stdout}"

        """
    }
}
