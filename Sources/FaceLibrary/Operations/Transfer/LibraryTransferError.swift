/// Why a library export or import was refused; the message says what to do.
public enum LibraryTransferError: Error, CustomStringConvertible, Equatable {
    case unknownApp(String)
    case unknownGroup(String)
    case invalidGroupID(String)
    case groupExists(String)
    case libraryLimitReached(Int)
    case faceLimitReached(Int)
    case faceTokenExists(String)
    case fileExists(String)
    case notAnArchive(String)
    case newerFormat(Int)
    case modelNotSupported(fileModel: String, supported: [String])
    case invalidLine(Int, String)
    case truncated(String)
    case checksumMismatch
    case io(String)

    public var description: String {
        switch self {
        case .unknownApp(let apiKey): "no app has api_key \(apiKey)"
        case .unknownGroup(let groupID): "the app has no library \(groupID)"
        case .invalidGroupID(let groupID):
            "\(groupID) is not a valid group_id (1 to 48 of letters, digits and - % @ # & _)"
        case .groupExists(let groupID): "the app already has a library \(groupID); import into a new group_id"
        case .libraryLimitReached(let max): "the app already holds its maximum of \(max) libraries (facectl app set-quota --max-groups)"
        case .faceLimitReached(let max): "the faces would take the app over its quota of \(max) faces (facectl app set-quota --max-faces)"
        case .faceTokenExists(let token):
            "face_token \(token) already exists in this deployment (was this file imported here before?); "
                + "import with --new-tokens to give the faces new tokens"
        case .fileExists(let path): "\(path) already exists; choose a new file name"
        case .notAnArchive(let problem): "not a library archive: \(problem)"
        case .newerFormat(let version):
            "the archive has format_version \(version), newer than this release reads (\(LibraryArchive.formatVersion)); use a newer facectl"
        case let .modelNotSupported(fileModel, supported):
            "the archive's embeddings come from model \(fileModel), but this deployment embeds with "
                + supported.sorted().joined(separator: ", ")
                + "; embeddings of different models cannot be searched together — re-enrol these faces from their images instead"
        case let .invalidLine(line, problem): "line \(line): \(problem)"
        case .truncated(let problem): "the archive is incomplete: \(problem)"
        case .checksumMismatch: "the archive's sha256 does not match its contents: the file was altered or damaged"
        case .io(let problem): problem
        }
    }
}
