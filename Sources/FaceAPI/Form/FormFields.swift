import FaceLibrary

/// A decoded request body: its fields in arrival order.
///
/// When a name repeats, the first value is the one the service reads (the
/// signature does not cover fields, so which one wins is a convenience, not
/// a security choice).
public struct FormFields: ArgumentSource, Equatable {
    /// Every field, in the order sent.
    public private(set) var entries: [(name: String, value: ArgumentValue)] = []
    private var firstIndex: [String: Int] = [:]

    /// An empty form.
    public init() {}

    /// Appends a field.
    public mutating func append(name: String, value: ArgumentValue) {
        if firstIndex[name] == nil { firstIndex[name] = entries.count }
        entries.append((name, value))
    }

    public func argument(named name: String) -> ArgumentValue? {
        firstIndex[name].map { entries[$0].value }
    }

    /// The first value of `name` as text, if it is valid UTF-8.
    public func text(_ name: String) -> String? {
        argument(named: name).flatMap { String(validating: $0.bytes, as: UTF8.self) }
    }

    public static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }
}
