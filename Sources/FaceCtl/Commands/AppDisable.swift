import ArgumentParser
import FaceLibrary

/// `facectl app disable --api-key K`: the app's requests get 403 DISABLED_APP from the next one on.
struct AppDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable an app: its requests get 403 AUTHORIZATION_ERROR / DISABLED_APP at once.",
        discussion: "Its libraries and faces are kept; `app enable` lets it in again.")

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions

    func run() async throws {
        try JSONLine.print(AppJSON(try await data.open().services.apps.setActive(false, apiKey: app.apiKey)))
    }
}
