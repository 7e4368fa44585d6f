import ArgumentParser
import FaceLibrary

/// `facectl app enable --api-key K`: undoes `disable`.
struct AppEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled app again.")

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions

    func run() async throws {
        try JSONLine.print(AppJSON(try await data.open().services.apps.setActive(true, apiKey: app.apiKey)))
    }
}
