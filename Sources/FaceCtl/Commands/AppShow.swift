import ArgumentParser
import FaceLibrary

/// `facectl app show --api-key K`: one app as a JSON object.
struct AppShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print one app (state, quotas, usage; no secret) as JSON.")

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions

    func run() async throws {
        try JSONLine.print(AppJSON(try await data.open().services.apps.summary(apiKey: app.apiKey)))
    }
}
