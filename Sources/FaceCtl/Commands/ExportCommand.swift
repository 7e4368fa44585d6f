import ArgumentParser
import FaceLibrary

/// `facectl export --api-key K --group G FILE`: one library, portable, with its embeddings.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one library (metadata, faces, embeddings; no images) to a library archive FILE.",
        discussion: "Format: docs/library-archive.md (versioned JSON Lines with a SHA-256 trailer). Safe while the server runs.")

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions
    @Option(help: "The library's group_id.") var group: String
    @Argument(help: "The archive file to create (must not exist).") var file: String

    func run() async throws {
        let summary = try await data.open().exportLibrary(apiKey: app.apiKey, groupID: group, to: file)
        try JSONLine.print(TransferJSON(summary))
    }
}
