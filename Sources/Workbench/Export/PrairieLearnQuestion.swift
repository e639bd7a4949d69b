import FoundationEssentials

/// A PrairieLearn question graded by an external grader: `info.json` names a stock Ubuntu
/// image and `tests/run` as the entrypoint; `tests/` (which students never see) holds `tide`,
/// the libraries it needs beyond glibc (the grader runs offline, so nothing can be installed),
/// and the whole exercise. The student writes `solution.lua` in the question's editor.
struct PrairieLearnQuestion {
    let exercise: Exercise
    let tide: String

    /// The image the grader runs in: any x86-64 Linux with glibc 2.35 or later will do.
    static let image = "ubuntu:24.04"

    /// Writes the question into `folder`; an `info.json` already there keeps its `uuid`
    /// (PrairieLearn knows a question by it). Returns what was written, for the user to read.
    func write(to folder: String) throws(PlatformExport.Failure) -> String {
        let root = URL(fileURLWithPath: folder)
        let tests = root.appendingPathComponent("tests")
        let uuid = Self.existingUUID(in: root) ?? UUID().uuidString.lowercased()
        let libraries = try StandaloneTide.librariesToShip(with: tide)
        let files = try ExerciseFiles(exercise.folder)
        try? FileManager.default.removeItem(at: tests)  // no stale files
        try PlatformExport.write(Array(info(uuid: uuid).utf8), to: root.appendingPathComponent("info.json"))
        try PlatformExport.write(Array(questionHTML.utf8), to: root.appendingPathComponent("question.html"))
        try PlatformExport.write(Array(Self.run.utf8), to: tests.appendingPathComponent("run"), executable: true)
        try PlatformExport.write(try PlatformExport.contents(of: tide), to: tests.appendingPathComponent("tide"), executable: true)
        for library in libraries {
            guard let path = library.path else { continue }
            try PlatformExport.write(try PlatformExport.contents(of: path), to: tests.appendingPathComponent("lib/" + library.name))
        }
        for file in files.files {
            try PlatformExport.write(file.contents, to: tests.appendingPathComponent("exercise/" + file.path))
        }
        return "info.json, question.html, tests/run, tests/tide, tests/lib/ (\(libraries.map(\.name).joined(separator: ", "))), "
            + "tests/exercise/ (\(files.files.count) files)"
    }

    private static func existingUUID(in root: URL) -> String? {
        struct Info: Decodable { let uuid: String }
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent("info.json").path) else { return nil }
        return try? JSONDecoder().decode(Info.self, from: data).uuid
    }

    private func info(uuid: String) -> String {
        struct Info: Encodable {
            struct Grading: Encodable {
                let enabled = true
                let image = PrairieLearnQuestion.image
                let entrypoint = ["/bin/bash", "/grade/tests/run"]
                let timeout: Int
            }
            let uuid: String
            let title: String
            let topic = "Concurrency"
            let tags = ["tide"]
            let type = "v3"
            let singleVariant = true
            let gradingMethod = "External"
            let externalGradingOptions: Grading
        }
        // Every seed's wall limit, and the worker's start-up: what `tide grade` allows it.
        let seconds = Int(((exercise.limits.wallSeconds ?? 10) * Double(exercise.seeds.count)).rounded(.up)) + 20
        let grading = Info.Grading(timeout: min(600, seconds))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Info(uuid: uuid, title: exercise.title, externalGradingOptions: grading))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The statement as preformatted text (it is Markdown, with `<` in it), and the editor.
    private var questionHTML: String {
        let statement = exercise.statement.flatMap { try? PlatformExport.contents(of: $0) }
            .map { String(decoding: $0, as: UTF8.self) } ?? exercise.title
        return """
            <pl-question-panel>
              <pre style="white-space: pre-wrap">\(JUnitReport.escape(statement, lineBreaks: true))</pre>
            </pl-question-panel>
            <pl-file-editor file-name="\(ClassroomTemplate.solution)" ace-mode="ace/mode/lua"></pl-file-editor>
            <pl-submission-panel>
              <pl-external-grader-results></pl-external-grader-results>
              <pl-file-preview></pl-file-preview>
            </pl-submission-panel>

            """
    }

    static let run = """
        #!/usr/bin/env bash
        # PrairieLearn's external grader runs this for each submission, offline: tide grades the
        # .lua file in student/ and writes results/results.json. The libraries tide needs beyond
        # glibc are in lib/. GRADE_ROOT moves /grade, to try the question anywhere.
        set -uo pipefail
        root="${GRADE_ROOT:-/grade}"
        here="$root/tests"
        mkdir -p "$root/results"
        results="$root/results/results.json"
        tide="$here/tide"
        if [ ! -x "$tide" ]; then
            tide="$(mktemp)"
            cp "$here/tide" "$tide" && chmod +x "$tide"
        fi
        export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        if ! "$tide" grade --no-reference --format prairielearn --output "$results" "$here/exercise" "$root/student"; then
            cat > "$results" <<'EOF'
        {"gradable": false, "message": "Your submission could not be graded: submit exactly one .lua file."}
        EOF
        fi

        """
}
