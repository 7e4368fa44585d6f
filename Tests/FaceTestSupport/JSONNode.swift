import Foundation

/// A parsed JSON document, comparable in tests.
public indirect enum JSONNode: Sendable, Equatable, Decodable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONNode])
    case object([String: JSONNode])
    case null

    /// Parses UTF-8 JSON; nil when it is not JSON.
    public init?(parsing bytes: [UInt8]) {
        guard let node = try? JSONDecoder().decode(JSONNode.self, from: Data(bytes)) else { return nil }
        self = node
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// The element at `index` of an array.
    public subscript(index: Int) -> JSONNode? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    /// The keys of an object (empty for anything else).
    public var keys: Set<String> {
        if case .object(let members) = self { Set(members.keys) } else { [] }
    }

    public var string: String? { if case .string(let text) = self { text } else { nil } }
    public var int: Int? { if case .number(let value) = self, value == value.rounded() { Int(value) } else { nil } }
    public var number: Double? { if case .number(let value) = self { value } else { nil } }
    public var array: [JSONNode]? { if case .array(let items) = self { items } else { nil } }

    public var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .number(let value): "\(value)"
        case .bool(let value): "\(value)"
        case .null: "null"
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONNode].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONNode].self)) }
    }
}
