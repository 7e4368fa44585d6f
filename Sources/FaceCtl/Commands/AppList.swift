import ArgumentParser
import FaceLibrary

/// `facectl app list`: one JSON object per app, never the secret.
struct AppList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tenant apps as JSON lines (api_key, name, state, quotas; no secrets).")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let services = try LibraryServices.open(dataDirectory: data.dataDir)
        for app in try await services.apps.apps() {
            try JSONLine.print(Output(api_key: app.apiKey, name: app.name, state: app.isActive ? "active" : "disabled",
                                      max_groups: app.quotas.maxGroups, max_faces: app.quotas.maxFaces,
                                      created_at: app.createdAt))
        }
    }

    private struct Output: Encodable {
        let api_key: String
        let name: String
        let state: String
        let max_groups: Int
        let max_faces: Int
        /// Unix milliseconds.
        let created_at: Int64
    }
}
