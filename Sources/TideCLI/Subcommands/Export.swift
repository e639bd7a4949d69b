import ArgumentParser
import Workbench

extension Tide {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make what a course platform needs to grade an exercise with Tide.",
            discussion: """
                gradescope        an autograder zip (setup.sh, run_autograder, tide)
                github-classroom  a template repository (workflow, .tide/grade, tide)
                prairielearn      a question (info.json, question.html, tests/)

                The tide shipped must have the Swift runtime linked in: build it with
                scripts/build-release. See docs/platforms.md.
                """)

        @Argument(help: "gradescope, github-classroom or prairielearn.")
        var platform: PlatformExport.Platform

        @Argument(help: "The exercise folder (with its exercise.lua).")
        var exercise: String

        @Option(help: "The zip to write (gradescope), or the folder to write into (github-classroom, prairielearn).")
        var output: String

        @Option(help: "The tide binary to ship (default: this one).")
        var tide: String?

        func run() throws {
            var options = PlatformExport.Options(platform: platform, exercisePath: exercise, outputPath: output)
            if let tide { options.tide = tide }
            let status = PlatformExport.run(options)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

extension PlatformExport.Platform: ExpressibleByArgument {}
