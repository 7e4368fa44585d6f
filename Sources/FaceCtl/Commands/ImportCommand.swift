import ArgumentParser
import FaceLibrary

/// `facectl import --api-key K --group G FILE`: recreates a library from an archive.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Recreate a library from a library archive FILE as group G of the app.",
        discussion: """
            The whole file is checked first (format, model version, every line, SHA-256); the library
            then appears with all its faces in one transaction, or not at all. Face tokens are kept;
            if they already exist in this deployment (importing a copy into another app here), use
            --new-tokens. An archive of another model version is refused.
            """)

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions
    @Option(help: "The group_id of the new library.") var group: String
    @Flag(help: "Give the imported faces new face_tokens.") var newTokens = false
    @Argument(help: "A library archive written by `facectl export`.") var file: String

    func run() async throws {
        let summary = try await data.open().importLibrary(apiKey: app.apiKey, groupID: group, from: file,
                                                          newTokens: newTokens)
        try JSONLine.print(TransferJSON(summary))
    }
}
