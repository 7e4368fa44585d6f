import Foundation

/// Locates files of this repository from a test's source location.
public enum RepositoryRoot {
    /// The repository's root folder: the parent of `Tests/`.
    public static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" && url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
        }
        return url.deletingLastPathComponent().path
    }()

    /// A path relative to the repository root.
    public static func appending(_ relativePath: String) -> String {
        (path as NSString).appendingPathComponent(relativePath)
    }
}
