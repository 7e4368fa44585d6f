/// Reads typed, validated fields from an `ArgumentSource`.
///
/// Each method throws the contract's error for its field, so a request type
/// that reads its fields in contract order reports the first bad one.
public struct ArgumentReader: Sendable {
    private let source: any ArgumentSource

    /// Reads from `source`.
    public init(_ source: any ArgumentSource) {
        self.source = source
    }

    /// The field as UTF-8 text; nil when absent.
    public func text(_ field: Field) throws(LibraryError) -> String? {
        guard let value = source.argument(named: field.rawValue) else { return nil }
        guard let text = String(validating: value.bytes, as: UTF8.self) else { throw .badArgument(field) }
        return text
    }

    /// A required `group_id`/`user_id`-style identifier.
    public func identifier(_ field: Field) throws(LibraryError) -> String {
        guard let text = try text(field) else { throw .missingArgument(field) }
        guard FieldRules.isIdentifier(text) else { throw .badArgument(field) }
        return text
    }

    /// A required text of 1 to `maxCharacters` characters.
    public func name(_ field: Field, maxCharacters: Int) throws(LibraryError) -> String {
        guard let text = try text(field) else { throw .missingArgument(field) }
        guard (1...maxCharacters).contains(FieldRules.characterCount(text)) else { throw .badArgument(field) }
        return text
    }

    /// An optional text of at most `maxCharacters` characters, empty when absent.
    public func data(_ field: Field, maxCharacters: Int) throws(LibraryError) -> String {
        let text = try text(field) ?? ""
        guard FieldRules.characterCount(text) <= maxCharacters else { throw .badArgument(field) }
        return text
    }

    /// An optional integer within `range`, `defaultValue` when absent.
    public func integer(_ field: Field, in range: ClosedRange<Int>, default defaultValue: Int) throws(LibraryError) -> Int {
        guard let text = try text(field) else { return defaultValue }
        guard let value = FieldRules.integerValue(text), range.contains(value) else { throw .badArgument(field) }
        return value
    }

    /// An optional `"0"`/`"1"` switch, `defaultValue` when absent.
    public func flag(_ field: Field, default defaultValue: Bool) throws(LibraryError) -> Bool {
        switch try text(field) {
        case nil: defaultValue
        case "0": false
        case "1": true
        default: throw .badArgument(field)
        }
    }

    /// An optional decimal number within `range`; nil when absent.
    public func decimal(_ field: Field, in range: ClosedRange<Double>) throws(LibraryError) -> Double? {
        guard let text = try text(field) else { return nil }
        guard let value = FieldRules.decimalValue(text), range.contains(value) else { throw .badArgument(field) }
        return value
    }

    /// The image, from exactly one of `image` (base64 text or a file part) and `file`.
    public func image() throws(LibraryError) -> ImageArgument {
        let image = source.argument(named: Field.image.rawValue)
        let file = source.argument(named: Field.file.rawValue)
        switch (image, file) {
        case (nil, nil):
            throw .missingArgument(.image)
        case (.some, .some):
            throw .coexistingImages
        case (let value?, nil):
            return value.isFile ? ImageArgument(field: .image, binary: value.bytes)
                                : ImageArgument(field: .image, base64: value.bytes)
        case (nil, let value?):
            return ImageArgument(field: .file, binary: value.bytes)
        }
    }
}
