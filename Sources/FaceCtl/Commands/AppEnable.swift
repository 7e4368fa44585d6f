import ArgumentParser
import FaceLibrary

/// `facectl app enable --api-key K`: undoes `disable`.
struct AppEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled app again.")

    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "The app's api_key.") var apiKey: String

    func run() async throws {
        try JSONLine.print(AppJSON(try await data.open().services.apps.setActive(true, apiKey: apiKey)))
    }
}
