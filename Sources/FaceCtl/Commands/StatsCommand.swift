import ArgumentParser
import FaceLibrary

/// `facectl stats`: per app and library, faces, model version and index memory.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print each app's libraries (faces, model version, index memory) as JSON lines, one per app.",
        discussion: """
            index_bytes is the memory a server's vector index needs for the library, estimated from the
            face count with the index's own formula; a running server reports its live figures as the
            facesearch_index_bytes metric on its admin port.
            """)

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        for report in try await data.open().usage() {
            try JSONLine.print(Output(
                api_key: report.app.apiKey, name: report.app.name, state: report.app.isActive ? "active" : "disabled",
                faces: report.app.faceCount, index_bytes: report.indexBytes,
                libraries: report.libraries.map {
                    Library(group_id: $0.groupID, name: $0.name, model_version: $0.modelVersion, faces: $0.faces,
                            index_bytes: $0.indexBytes)
                }))
        }
    }

    private struct Output: Encodable {
        let api_key: String
        let name: String
        let state: String
        let faces: Int
        let index_bytes: Int
        let libraries: [Library]
    }

    private struct Library: Encodable {
        let group_id: String
        let name: String
        let model_version: String
        let faces: Int
        let index_bytes: Int
    }
}
