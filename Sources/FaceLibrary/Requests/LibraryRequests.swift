/// `create`: a new library's fields.
public struct CreateLibraryRequest: Sendable, Equatable {
    public var groupID: String
    public var name: String
    public var data: String
    public var modelVersion: String

    /// Reads and validates `group_id`, `group_name`, `group_data`, `model_version`, in that order.
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        name = try arguments.name(.groupName, maxCharacters: FieldRules.nameMaxCharacters)
        data = try arguments.data(.groupData, maxCharacters: FieldRules.dataMaxCharacters)
        let model = try arguments.text(.modelVersion) ?? ModelVersion.current
        guard ModelVersion.supported.contains(model) else { throw .badArgument(.modelVersion) }
        modelVersion = model
    }
}

/// `group_info`, `get_size`: one library named by `group_id`.
public struct LibraryRequest: Sendable, Equatable {
    public var groupID: String

    /// Reads and validates `group_id`.
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
    }
}

/// `free`: a library to delete, and whether it must be empty.
public struct FreeLibraryRequest: Sendable, Equatable {
    public var groupID: String
    public var checkEmpty: Bool

    /// Reads and validates `group_id`, `check_empty` (exactly `"0"` or `"1"`, default 1).
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        checkEmpty = try arguments.flag(.checkEmpty, default: true)
    }
}

/// The recognition models a library may be created for.
public enum ModelVersion {
    /// The default, and today the only, model.
    public static let current = "s21"
    /// Every model this build can embed with.
    public static let supported: Set<String> = [current]
}
