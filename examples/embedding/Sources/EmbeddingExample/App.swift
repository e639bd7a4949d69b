// An application that embeds Tide: it registers two host functions, runs a Lua scenario
// on the virtual clock, and prints what the scenario returned and what the run reported.
// docs/embedding.md walks through it.
import Tide

@main
struct EmbeddingExample {
    static func main() async throws {
        // The virtual clock: time jumps to the next timer, so every run prints the same.
        let runtime = Runtime(clock: .virtual, seed: 1)

        // host.fetch(region): real async work on Swift concurrency (a request, here a sleep).
        runtime.register("host.fetch") { arguments in
            guard let region = arguments.first?.stringValue else {
                throw HostError(type: "ValueError", message: "host.fetch wants a region name")
            }
            do {
                try await Task.sleep(for: serviceTime(of: region))
            } catch {  // the Lua task was cancelled: so is this Swift task, and the sleep throws
                print("(swift) host.fetch(\"\(region)\") cancelled")
                throw error
            }
            return [["region": .string(region), "status": 200, "body": .string("hello from \(region)")]]
        }

        // host.flaky(service): a service that is always down.
        runtime.register("host.flaky") { arguments in
            let service = arguments.first?.stringValue ?? "?"
            throw HostError(type: "ServiceUnavailable", message: "\(service) is down for maintenance")
        }

        let scenario = String(decoding: PackageResources.scenario_lua, as: UTF8.self)
        let result = try await runtime.run(scenario, name: "scenario.lua")

        print("ending: \(result.ending), at \(result.elapsed)s of loop time")
        for (position, value) in result.returned.enumerated() {
            print("returned \(position + 1): \(value)")  // as Lua would write it, keys sorted
        }
        if let error = result.error {
            print("error: \(error.type): \(error.message) in \(error.task)")
        }
        for diagnostic in result.diagnostics {
            print("diagnostic (\(diagnostic.kind.rawValue)): \(diagnostic.message)")
        }
    }

    /// How long each region's service takes, in real time.
    static func serviceTime(of region: String) -> Duration {
        switch region {
        case "us-east": .milliseconds(30)
        case "eu-west": .milliseconds(10)
        default: .milliseconds(20)
        }
    }
}
