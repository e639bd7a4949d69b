import Foundation
import Testing
import Workbench

/// docs/diagnostics.md quotes what the binary prints: every report line of every pitfall
/// script, run on the virtual clock as the page says, is on the page word for word (but live
/// warnings, which come only when the machine is slow enough).
@Suite(.timeLimit(.minutes(2))) struct DiagnosticsDocTests {
    static let pitfalls: [String] = {
        let folder = GoldenFiles.repositoryRoot.appendingPathComponent("examples/pitfalls")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { "examples/pitfalls/" + $0 }
    }()

    @Test(arguments: pitfalls)
    func thePageQuotesWhatThePitfallPrints(_ script: String) throws {
        let page = try String(
            contentsOf: GoldenFiles.repositoryRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        var child = ChildProcess(CLITests.tide.path, ["run", "--clock", "virtual", script])
        child.currentDirectory = GoldenFiles.repositoryRoot.path
        child.wallTimeLimit = .seconds(60)
        let reports = try child.run().stderr.split(separator: "\n")
        #expect(!reports.isEmpty, "\(script) reports nothing on the virtual clock")
        // A live warning, and the slow-task report of any pitfall but the one about it,
        // depend on how fast the (perhaps busy) machine runs the script: not quoted.
        let timed = { (line: Substring) in
            line.hasPrefix("tide: warning: ") || (line.contains(" ran longer than ") && !script.contains("cpu-blocks"))
        }
        for line in reports where !timed(line) {
            #expect(page.contains(line), "docs/diagnostics.md does not quote: \(line)")
        }
    }
}
