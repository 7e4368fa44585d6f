import ArgumentParser
import FaceLibrary

/// `facectl app show --api-key K`: one app as a JSON object.
struct AppShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print one app (state, quotas, usage; no secret) as JSON.")

    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "The app's api_key.") var apiKey: String

    func run() async throws {
        try JSONLine.print(AppJSON(try await data.open().services.apps.summary(apiKey: apiKey)))
    }
}
