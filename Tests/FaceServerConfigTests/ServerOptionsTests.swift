import Foundation
import Testing
import FaceTestSupport
@testable import FaceServerConfig

/// Each option is declared once; these hold the flag, the environment
/// variable, the config file and the help to that declaration.
@Suite struct ServerOptionsTests {
    private let configFile = RepositoryRoot.appending("config/face-server.toml")

    @Test func keysAndFlagsAreDistinctAndWellFormed() {
        let keys = ServerOptions.all.map(\.key)
        // Every declaration is found (none is of a type the reflection skips).
        #expect(keys.count == Mirror(reflecting: ServerOptions.shared).children.count)
        #expect(Set(keys).count == keys.count)
        #expect(Set(ServerOptions.all.map(\.flagName)).count == keys.count)
        for key in keys {
            #expect(!key.isEmpty && key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(key)")
        }
        #expect(ServerOptions.shared.maxBodyBytes.environmentName == "FACE_SERVER_MAX_BODY_BYTES")
        #expect(ServerOptions.shared.maxBodyBytes.flagName == "--max-body-bytes")
    }

    /// config/face-server.toml sets every option, in declaration order, each to its declared default.
    @Test func configFileDocumentsEveryOptionAtItsDefault() throws {
        let text = try String(contentsOfFile: configFile, encoding: .utf8)
        #expect(try TOMLSubsetParser.parse(text, file: configFile).map(\.key) == ServerOptions.all.map(\.key))
        let loaded = try ConfigLoader.load(configPath: configFile, environment: [:], flags: [:])
        for option in ServerOptions.all {
            #expect(option.sameValue(in: loaded, and: ServerConfiguration()), "\(option.key) in \(configFile)")
        }
        #expect(loaded == ServerConfiguration())
    }

    /// The value the config file gives each option is accepted from its flag
    /// (both spellings) and from its environment variable, and sets that option.
    @Test func everyOptionHasAFlagAndAnEnvironmentVariable() throws {
        let text = try String(contentsOfFile: configFile, encoding: .utf8)
        for entry in try TOMLSubsetParser.parse(text, file: configFile) {
            let option = try #require(ServerOptions.all.first { $0.key == entry.key })
            let value = switch entry.value {
            case .integer(let number): String(number)
            case .string(let text), .text(let text): text
            case .boolean(let flag): String(flag)
            }
            #expect(try ServerFlags.parse([option.flagName, value]) == [option.key: value])
            #expect(try ServerFlags.parse(["\(option.flagName)=\(value)"]) == [option.key: value])
            for (environment, flags) in [([option.environmentName: value], [:]), ([:], [option.key: value])] {
                let loaded = try ConfigLoader.load(configPath: configFile, environment: environment, flags: flags)
                #expect(loaded == ServerConfiguration(), "\(option.key) = \(value)")
            }
        }
    }

    /// `--help` lists every flag with its help and the declared default.
    @Test func helpListsEveryFlagWithItsDefault() {
        let help = ServerFlags.help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for option in ServerOptions.all {
            let line = "\(option.flagName) <\(option.flagName.dropFirst(2))> \(option.help) (default: \(option.defaultText))"
            #expect(help.contains(line), "\(line)")
        }
        #expect(ServerOptions.shared.port.defaultText == "8080")
        #expect(ServerOptions.shared.tlsCertificate.defaultText == "none")
        #expect(ServerOptions.shared.displayTimeZone.defaultText == "+08:00")
        #expect(ServerOptions.shared.inferenceThreading.defaultText == "adaptive")
        for line in ServerFlags.help.split(separator: "\n") {
            #expect(line.count <= 79, "\(line)")
        }
    }

    @Test func flagsAreReadInBothSpellingsAndTheLastWins() throws {
        let flags = try ServerFlags.parse(["--port", "9000", "--log-level=debug", "--display-time-zone", "-05:00",
                                           "--port=9100", "--tls-certificate="])
        #expect(flags == ["port": "9100", "log_level": "debug", "display_time_zone": "-05:00", "tls_certificate": ""])
        #expect(try ServerFlags.parse([]) == [:])
    }

    @Test func flagsThatAreNoOptionsOrLackAValueAreRefused() {
        let cases: [([String], String)] = [
            (["--prot", "1"], "Unknown option '--prot'"),
            (["--port=1", "--prot=2"], "Unknown option '--prot'"),
            (["--port"], "Missing value for '--port <port>'"),
            (["--port", "--host", "h"], "Missing value for '--port <port>'"),
            (["9000"], "Unexpected argument '9000'"),
            (["-p", "9000"], "Unexpected argument '-p'"),
        ]
        for (arguments, message) in cases {
            do {
                _ = try ServerFlags.parse(arguments)
                Issue.record("accepted \(arguments)")
            } catch {
                #expect(error.description == message, "\(arguments)")
            }
        }
    }

    /// A configuration reads back what was set, per option, and compares by value.
    @Test func configurationHoldsTypedValues() {
        var configuration = ServerConfiguration()
        #expect(configuration.port == 8080 && configuration.logFormat == .text)
        configuration.port = 9000
        configuration.logFormat = .json
        #expect(configuration.port == 9000 && configuration[ServerOptions.shared.port] == 9000)
        #expect(configuration.logFormat == .json)
        #expect(configuration != ServerConfiguration())
        configuration.port = 8080
        configuration.logFormat = .text
        #expect(configuration == ServerConfiguration())
    }
}
