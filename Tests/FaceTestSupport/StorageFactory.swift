import FaceStore

/// Makes the storage a service test runs on, one per test: the service suites
/// take it as an argument so that they run unchanged over every backend.
public struct StorageFactory: Sendable, CustomStringConvertible {
    public let description: String
    private let make: @Sendable (TemporaryDirectory) async throws -> any FaceStorage

    /// A backend named `name`, made in the test's temp directory by `make`.
    public init(_ name: String, make: @escaping @Sendable (TemporaryDirectory) async throws -> any FaceStorage) {
        description = name
        self.make = make
    }

    /// A new, empty store for one test.
    public func storage(in directory: TemporaryDirectory) async throws -> any FaceStorage {
        try await make(directory)
    }

    /// The SQLite database file in the directory, as the server keeps it.
    public static let sqlite = StorageFactory("SQLite") { try SQLiteFaceStore(directory: $0.path) }

    /// Every backend the service and contract suites run over.
    public static let all: [StorageFactory] = [.sqlite]
}
