import Foundation

/// face-server's option flags: `--port 9000` or `--port=9000`, one flag for
/// each option of `ServerOptions`.
public enum ServerFlags {
    /// Option keys (`max_body_bytes`) to the values given; the last of a repeated flag wins.
    ///
    /// - Throws: `ConfigError` for an argument that is no option's flag, or a flag without a value.
    public static func parse(_ arguments: [String]) throws(ConfigError) -> [String: String] {
        let options = Dictionary(uniqueKeysWithValues: ServerOptions.all.map { ($0.flagName, $0) })
        var flags: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else { throw ConfigError("Unexpected argument '\(argument)'") }
            let name = String(argument.prefix { $0 != "=" })
            guard let option = options[name] else { throw ConfigError("Unknown option '\(name)'") }
            if name.count < argument.count {
                flags[option.key] = String(argument.dropFirst(name.count + 1))
            } else if let value = remaining.first, !value.hasPrefix("--") {
                flags[option.key] = value
                remaining.removeFirst()
            } else {
                throw ConfigError("Missing value for '\(placeholder(option))'")
            }
        }
        return flags
    }

    /// Every option as `face-server --help` lists it: flag, help and default,
    /// in ArgumentParser's columns and in lines it does not wrap again.
    public static var help: String {
        let helpColumn = 26, width = 79
        return ServerOptions.all.map { option in
            let label = "  " + placeholder(option)
            let text = wrap("\(option.help) (default: \(option.defaultText))", width: width - helpColumn)
                .joined(separator: "\n" + String(repeating: " ", count: helpColumn))
            return label.count < helpColumn - 1
                ? label.padding(toLength: helpColumn, withPad: " ", startingAt: 0) + text
                : label + "\n" + String(repeating: " ", count: helpColumn) + text
        }.joined(separator: "\n")
    }

    /// `--max-body-bytes <max-body-bytes>`, as ArgumentParser writes an option.
    private static func placeholder(_ option: any ConfigOption) -> String {
        "\(option.flagName) <\(option.flagName.dropFirst(2))>"
    }

    /// `text` in lines of at most `width` characters (a longer word gets its own line).
    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }
}
