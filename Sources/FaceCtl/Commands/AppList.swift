import ArgumentParser
import FaceLibrary

/// `facectl app list`: one JSON object per app, never the secret.
struct AppList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tenant apps as JSON lines (api_key, name, state, quotas, usage; no secrets).")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        for app in try await data.open().services.apps.apps() {
            try JSONLine.print(AppJSON(app))
        }
    }
}
