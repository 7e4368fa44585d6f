import Foundation
import Testing
import FaceTestSupport
import FaceAPI
@testable import FaceServerConfig

@Suite struct TOMLSubsetParserTests {
    @Test func readsTheSubset() throws {
        let text = """
            # comment
            host = "0.0.0.0"   # trailing comment
            data_dir = 'C:\\literal\\path'
            port = 8_080
            skew = -5
            quoted = "tab\\t \\"q\\" \\u00e9 # not a comment"
            flag = true\r
            """
        let entries = try TOMLSubsetParser.parse(text, file: "f.toml")
        #expect(entries.map(\.key) == ["host", "data_dir", "port", "skew", "quoted", "flag"])
        #expect(entries.map(\.value) == [.string("0.0.0.0"), .string("C:\\literal\\path"), .integer(8080), .integer(-5),
                                         .string("tab\t \"q\" é # not a comment"), .boolean(true)])
        #expect(entries.map(\.line) == [2, 3, 4, 5, 6, 7])
    }

    @Test func refusesWhatItDoesNotRead() {
        let bad = [
            ("[server]", "f.toml:1: tables"), ("port = 1.5", "unsupported value"), ("port = 0x1F", "unsupported value"),
            ("port = 01", "unsupported value"), ("port = 1__0", "unsupported value"), ("a = [1, 2]", "unsupported value"),
            ("a = \"\"\"multi", "multi-line"), ("a = \"open", "unterminated"), ("a = \"\\q\"", "unknown escape"),
            ("a = 1 b", "unexpected text"), ("a 1", "expected `=`"), ("= 1", "expected `key = value`"),
            ("a = 1\na = 2", "f.toml:2: a is set twice"), ("a =", "missing value"),
        ]
        for (text, message) in bad {
            do {
                _ = try TOMLSubsetParser.parse(text, file: "f.toml")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains(message), "\(text): \(error)")
            }
        }
    }
}

@Suite struct ConfigLoaderTests {
    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let file = directory.appending("server.toml")
        try "port = 9000\nhost = \"0.0.0.0\"\nlog_format = \"json\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try ConfigLoader.load(
            configPath: file, environment: ["FACE_SERVER_PORT": "9100", "FACE_SERVER_SIGNATURE_SKEW": "60", "HOME": "/x"],
            flags: ["port": "9200", "display_time_zone": "-03:00"])
        var expected = ServerConfiguration()
        expected.port = 9200
        expected.host = "0.0.0.0"
        expected.logFormat = .json
        expected.signatureSkew = 60
        expected.displayTimeZone = DisplayTimeZone("-03:00")!
        #expect(loaded == expected)
        #expect(loaded.apiSettings.signaturePolicy == SignaturePolicy(maxValidity: 86_400, skew: 60))
    }

    /// database_url is empty (SQLite) or a PostgreSQL URL DatabaseLocation accepts.
    @Test func databaseURLIsEmptyOrPostgres() throws {
        #expect(try ConfigLoader.load(configPath: nil, environment: [:], flags: [:]).databaseURL == "")
        let url = "postgres://face:secret@127.0.0.1:5432/faces"
        let loaded = try ConfigLoader.load(configPath: nil, environment: ["FACE_SERVER_DATABASE_URL": url],
                                           flags: ["sealing_key_file": "/keys/sealing.key"])
        #expect(loaded.databaseURL == url && loaded.sealingKeyFile == "/keys/sealing.key")
    }

    @Test func configFileFromEnvironmentAndMissingFiles() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let file = directory.appending("env.toml")
        try "max_body_bytes = 2048".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try ConfigLoader.load(configPath: nil, environment: ["FACE_SERVER_CONFIG": file], flags: [:]).maxBodyBytes == 2048)
        #expect(throws: ConfigError.self) { try ConfigLoader.load(configPath: directory.appending("none.toml"), environment: [:], flags: [:]) }
    }

    @Test func invalidValuesNameTheOptionAndTheSource() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let file = directory.appending("bad.toml")
        try "\nport = \"eighty\"".write(toFile: file, atomically: true, encoding: .utf8)
        let cases: [(String?, [String: String], [String: String], String)] = [
            (file, [:], [:], "bad.toml:2: port must be an integer from 0 to 65535"),
            (nil, ["FACE_SERVER_PORT": "70000"], [:], "environment variable FACE_SERVER_PORT: port must be"),
            (nil, ["FACE_SERVER_PROT": "1"], [:], "unknown environment variable FACE_SERVER_PROT"),
            (nil, [:], ["log_level": "loud"], "flag --log-level: log_level must be trace|debug"),
            (nil, [:], ["min_image_side": "5000"], "min_image_side (5000) is larger than max_image_side (4096)"),
            (nil, [:], ["display_time_zone": "CET"], "display_time_zone must be an offset"),
            (nil, [:], ["database_url": "mysql://u@h/db"], "flag --database-url: database_url must be postgres://"),
        ]
        for (path, environment, flags, message) in cases {
            do {
                _ = try ConfigLoader.load(configPath: path, environment: environment, flags: flags)
                Issue.record("accepted \(message)")
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }

}
