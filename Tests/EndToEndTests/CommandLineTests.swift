import FaceServerConfig
import Foundation
import Testing
import FaceTestSupport

/// face-server's command line as ArgumentParser and `ServerFlags` read it
/// together: flags it does not know are handed on, `--help` lists the options.
@Suite struct CommandLineTests {
    @Test func helpListsEveryOptionWithItsDefault() async throws {
        let run = try await faceServer(["--help"])
        #expect(run.status == 0)
        let help = run.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--config <config>"))
        for option in ServerOptions.all {
            #expect(help.contains("\(option.flagName) <\(option.flagName.dropFirst(2))> \(option.help) (default: \(option.defaultText))"),
                    "\(option.key): \(run.output)")
        }
    }

    @Test func unknownFlagsAndMissingValuesAreUsageErrors() async throws {
        for (arguments, message) in [(["--prot", "1"], "Unknown option '--prot'"),
                                     (["--data-dir", "/tmp", "--port"], "Missing value for '--port <port>'")] {
            let run = try await faceServer(arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.output.contains("Error: \(message)"), "\(run.output)")
        }
    }

    /// Both spellings reach the loader, values starting with `-` included:
    /// the invalid port stops the start after the time zone was accepted.
    @Test func flagsInBothSpellingsReachTheConfiguration() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e-cli")
        defer { directory.remove() }
        let run = try await faceServer(["--data-dir=\(directory.path)", "--display-time-zone", "-05:30",
                                        "--port=eighty"], in: directory.path)
        #expect(run.status == 78)
        #expect(run.output.contains("configuration: flag --port: port must be an integer"), "\(run.output)")
    }

    /// Runs face-server to its exit in `directory` (no config file there) and
    /// returns its status and what it wrote to stdout and stderr.
    private func faceServer(_ arguments: [String], in directory: String = NSTemporaryDirectory())
        async throws -> (status: Int32, output: String) {
        try await FaceClient.offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServerProcess.binary("face-server"))
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACE_SERVER_") }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}
