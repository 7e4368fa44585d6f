import ArgumentParser
import FaceLibrary

/// `facectl app set-quota --api-key K [--max-groups N] [--max-faces N]`.
struct AppSetQuota: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-quota",
        abstract: "Change an app's library and face quotas; prints the app.",
        discussion: "A quota below current usage removes nothing; it refuses further creates or adds.")

    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "The app's api_key.") var apiKey: String
    @Option(help: "Most libraries the app may hold.") var maxGroups: Int?
    @Option(help: "Most faces across the app's libraries.") var maxFaces: Int?

    func validate() throws {
        guard maxGroups != nil || maxFaces != nil else { throw ValidationError("give --max-groups, --max-faces or both") }
    }

    func run() async throws {
        let app = try await data.open().services.apps.setQuotas(apiKey: apiKey, maxGroups: maxGroups, maxFaces: maxFaces)
        try JSONLine.print(AppJSON(app))
    }
}
