import ArgumentParser
import Workbench

extension Tide {
    struct Grade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade submissions against an exercise, each in a sandboxed worker process.",
            discussion: "A folder given as a submission stands for the .lua files in it. See docs/grading.md.")

        @Option(help: "text, json, junit, tap, or a platform's: gradescope, github-classroom, prairielearn.")
        var format: Grader.Format = .text

        @Flag(help: "Do not grade the reference first, nor need it (what an exported exercise runs).")
        var noReference = false

        @Option(help: "Submissions graded at once (default: the number of cores).")
        var jobs: Int?

        @Option(help: "Write the report to this file instead of standard output.")
        var output: String?

        @Argument(help: "The exercise folder (with its exercise.lua).")
        var exercise: String

        @Argument(help: "Submission files or folders of them.")
        var submissions: [String]

        func validate() throws {
            if submissions.isEmpty { throw ValidationError("Give at least one submission.") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        }

        func run() async throws {
            var options = Grader.Options()
            options.format = format
            if let jobs { options.jobs = jobs }
            options.outputPath = output
            options.gradesReference = !noReference
            let status = await Grader.run(exercisePath: exercise, submissions: submissions, options: options)
            if status != 0 { throw ExitCode(status) }
        }
    }

    /// One submission, graded in this process: what `grade` starts for each.
    struct GradeWorkerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade-worker", abstract: "Grade one submission and print its grade as JSON.",
            shouldDisplay: false)

        @Argument var exercise: String
        @Argument var submission: String

        func run() async throws {
            let status = await GradeWorker.main(exercisePath: exercise, submission: submission)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

extension Grader.Format: ExpressibleByArgument {}
