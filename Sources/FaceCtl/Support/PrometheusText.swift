/// Reads samples from the Prometheus text exposition format (what a
/// server's `/metrics` answers): `name{label="value",…} number`.
enum PrometheusText {
    struct Sample: Equatable {
        let labels: [String: String]
        let value: Double
    }

    /// Every sample of the metric `name`; lines that do not parse are skipped.
    static func samples(named name: String, in text: String) -> [Sample] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(name + "{") || line.hasPrefix(name + " ") else { return nil }
            var rest = Substring(line.dropFirst(name.count))
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                guard let parsed = parseLabels(&rest) else { return nil }
                labels = parsed
            }
            let fields = rest.split(separator: " ")
            guard let first = fields.first, let value = Double(first) else { return nil }
            return Sample(labels: labels, value: value)
        }
    }

    /// Parses `a="x",b="y"}` (escapes \\ \" \n), consuming the closing brace.
    private static func parseLabels(_ rest: inout Substring) -> [String: String]? {
        var labels: [String: String] = [:]
        while let first = rest.first, first != "}" {
            if first == "," { rest = rest.dropFirst(); continue }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            var value = ""
            while let character = rest.first, character != "\"" {
                rest = rest.dropFirst()
                if character == "\\", let escaped = rest.first {
                    rest = rest.dropFirst()
                    value.append(escaped == "n" ? "\n" : escaped)
                } else {
                    value.append(character)
                }
            }
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            labels[key] = value
        }
        guard rest.first == "}" else { return nil }
        rest = rest.dropFirst()
        return labels
    }
}
