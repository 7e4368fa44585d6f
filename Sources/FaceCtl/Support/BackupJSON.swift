import FaceLibrary

/// What backup and restore print: `database` (backup) or `data_dir` (restore), and the counts.
struct BackupJSON: Encodable {
    var database: String?
    var data_dir: String?
    let key_file: String?
    let apps: Int
    let libraries: Int
    let faces: Int
    /// Size of the snapshot file.
    let bytes: Int

    enum Target {
        case database
        case dataDirectory
    }

    init(_ summary: BackupSummary, target: Target) {
        switch target {
        case .database: database = summary.path
        case .dataDirectory: data_dir = summary.path
        }
        key_file = summary.keyPath
        apps = summary.apps
        libraries = summary.libraries
        faces = summary.faces
        bytes = summary.bytes
    }
}
